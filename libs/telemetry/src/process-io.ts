import { readFile } from 'node:fs/promises';

/** What the process made the kernel fetch from storage and send to it, from /proc/<pid>/io. */
export interface ProcessIo {
  readBytes: number;
  writeBytes: number;
}

/**
 * The storage bytes of /proc/<pid>/io: `read_bytes` and `write_bytes` count what reached the block layer
 * (a read served from the page cache is not there), unlike `rchar`/`wchar`, which count every read and
 * write call, sockets included. Undefined when either line is missing.
 */
export function parseProcessIo(text: string): ProcessIo | undefined {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s*(\\d+)$`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const readBytes = field('read_bytes');
  const writeBytes = field('write_bytes');
  return readBytes === undefined || writeBytes === undefined ? undefined : { readBytes, writeBytes };
}

/** This process's IO; undefined where there is no /proc, or no task IO accounting in the kernel. */
export async function readProcessIo(pid: number | 'self' = 'self'): Promise<ProcessIo | undefined> {
  return parseProcessIo(await readFile(`/proc/${pid}/io`, 'utf8').catch(() => ''));
}
