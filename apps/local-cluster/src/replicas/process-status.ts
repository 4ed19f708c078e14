import { readFileSync } from 'node:fs';

/**
 * The state letter of /proc/<pid>/stat ("pid (command) S ppid ..."). The command may hold spaces
 * and parentheses, so the state is read after the last ')'.
 */
export function parseProcessState(stat: string): string | undefined {
  const end = stat.lastIndexOf(')');
  if (end < 0) return undefined;
  const state = stat.slice(end + 2, end + 3);
  return /^[A-Za-z]$/.test(state) ? state : undefined;
}

/** Stopped by a signal (SIGSTOP) or by a tracer: what `docker pause` calls paused. */
export function isStoppedState(state: string): boolean {
  return state === 'T' || state === 't';
}

/**
 * Whether the process is stopped, as the kernel sees it: a SIGSTOP sent by anyone counts, not only
 * one sent through the cluster. Undefined where there is no /proc to ask.
 */
export function processStopped(pid: number): boolean | undefined {
  try {
    const state = parseProcessState(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return state === undefined ? undefined : isStoppedState(state);
  } catch {
    return undefined;
  }
}

/** The process exists (one we may not signal counts as existing). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
