import { readFileSync } from 'node:fs';

/**
 * Major page faults so far: pages a process touched that were no longer in memory and had to be read
 * back from disk while it waited. A machine that reclaims page cache evicts the pages of the node
 * binary and of mapped files too, and each one touched again then stalls its thread for a disk read:
 * a stall of that kind is the machine's, not the code's. Undefined where /proc cannot tell.
 */
export interface MajorFaults {
  /** The process's own, field 12 of /proc/<pid>/stat. */
  readonly process: number | undefined;
  /** Every process's, `pgmajfault` of /proc/vmstat. */
  readonly machine: number | undefined;
}

export function majorFaults(pid: number): MajorFaults {
  return { process: processMajorFaults(pid), machine: machineMajorFaults() };
}

export function faultsSince(before: MajorFaults, after: MajorFaults): MajorFaults {
  const difference = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : b - a);
  return { process: difference(before.process, after.process), machine: difference(before.machine, after.machine) };
}

function processMajorFaults(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return counted(fields[9]);
  } catch {
    return undefined;
  }
}

function machineMajorFaults(): number | undefined {
  try {
    const line = /^pgmajfault (\d+)$/m.exec(readFileSync('/proc/vmstat', 'utf8'));
    return line ? counted(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

const counted = (text: string | undefined) => {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isInteger(value) && value >= 0 ? value : undefined;
};
