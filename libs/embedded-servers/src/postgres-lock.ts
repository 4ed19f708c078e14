import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedServerError } from './errors';
import { isProcessAlive } from './node-child';

/** The live server named in a data directory's postmaster.pid. */
export interface LockHolder {
  pid: number;
  /** The port it listens on, as recorded in the lock file. */
  port?: number;
  /** Its parent is gone (it was re-parented to init): the run that started it was killed. */
  orphaned: boolean;
}

/**
 * Postgres itself ignores a postmaster.pid whose process is dead (a killed run leaves one behind, and the next
 * start just recovers). Only a live holder is a conflict, and that one is worth naming in the error.
 */
export async function findLockHolder(databaseDir: string): Promise<LockHolder | undefined> {
  let content: string;
  try {
    content = await readFile(join(databaseDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = content.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return undefined;
  const port = Number.parseInt(lines[3] ?? '', 10);
  return { pid, port: Number.isInteger(port) ? port : undefined, orphaned: (await parentPid(pid)) === 1 };
}

/** Waits for a process to exit; false when it is still there after `timeoutMs`. */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/** The pid Postgres names when it refuses to start because another postmaster holds the directory. */
export function lockConflictPid(log: string): number | undefined {
  if (!log.includes('lock file "postmaster.pid" already exists')) return undefined;
  const match = /another postmaster \(PID (\d+)\)/.exec(log);
  return match ? Number(match[1]) : undefined;
}

export function lockConflictError(databaseDir: string, holder: LockHolder, url?: string): EmbeddedServerError {
  const leftOver = holder.orphaned
    ? ` It was left behind by a run that was killed; if no other Scale process uses it, stop it with \`kill -INT ${holder.pid}\`.`
    : '';
  const share = url
    ? `set DATABASE_URL=${url} in the other processes`
    : 'set DATABASE_URL in the other processes to the URL of the running one';
  return new EmbeddedServerError(
    `the embedded Postgres in ${databaseDir} is in use by process ${holder.pid}.${leftOver} ` +
      `Only one process at a time can run the embedded Postgres of a data directory: to share one server ` +
      `between processes, ${share}; or give each process its own SCALE_DATA_DIR.`,
  );
}

/** The parent pid from /proc (Linux); undefined where there is no /proc. */
async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid ...": the command may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number.parseInt(fields[1] ?? '', 10);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}
