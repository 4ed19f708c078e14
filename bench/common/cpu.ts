import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** CPU seconds used so far by each of the three processes that share the machine during a run. */
export interface CpuSample {
  readonly bench: number;
  readonly s3: number;
  readonly postgres: number;
  /** Every other process on the machine: the noise a shared machine adds to a round. */
  readonly others: number;
}

/** Linux reports /proc times in clock ticks, which are 100 a second on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/** [ppid, own ticks, reaped children's ticks] of a process, or undefined when /proc cannot tell. */
function procTimes(pid: number): [number, number, number] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [Number(fields[1]), Number(fields[11]) + Number(fields[12]), Number(fields[13]) + Number(fields[14])];
  } catch {
    return undefined;
  }
}

/**
 * The postmaster and its backends: connections of an extractor run come and go, and a backend's
 * time moves into the postmaster's reaped-children count when it exits, so the sum is continuous.
 */
function postgresTicks(postmasterPid: number): number {
  const postmaster = procTimes(postmasterPid);
  if (postmaster === undefined) return NaN;
  let ticks = postmaster[1] + postmaster[2];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = procTimes(Number(entry));
    if (times !== undefined && times[0] === postmasterPid) ticks += times[1];
  }
  return ticks;
}

/** Busy time of all CPUs together (user, nice, system, irq, softirq, steal), in ticks. */
function machineBusyTicks(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
  } catch {
    return NaN;
  }
}

export function postmasterPid(dataDir: string): number {
  return Number.parseInt(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
}

/** NaN for a figure this system cannot give (no /proc): the report then leaves it out. */
export function sampleCpu(s3Pid: number, postgresPid: number): CpuSample {
  const usage = process.cpuUsage();
  const s3 = procTimes(s3Pid);
  const bench = (usage.user + usage.system) / 1e6;
  const s3Seconds = s3 === undefined ? NaN : s3[1] / TICKS_PER_SECOND;
  const postgres = postgresTicks(postgresPid) / TICKS_PER_SECOND;
  return {
    bench,
    s3: s3Seconds,
    postgres,
    others: machineBusyTicks() / TICKS_PER_SECOND - bench - s3Seconds - postgres,
  };
}

export function cpuSince(before: CpuSample, after: CpuSample): CpuSample {
  return {
    bench: after.bench - before.bench,
    s3: after.s3 - before.s3,
    postgres: after.postgres - before.postgres,
    // Clamped: the per-process counts tick at a different moment than the machine's.
    others: Math.max(0, after.others - before.others),
  };
}
