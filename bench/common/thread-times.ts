import { readFileSync } from 'node:fs';

/** Seconds one thread has spent on a core, and runnable but waiting for one. */
export interface ThreadTimes {
  readonly running: number;
  readonly waiting: number;
}

/**
 * The main thread of process `pid` (the task whose id is the pid), from the scheduler's own account
 * in /proc/<pid>/task/<pid>/schedstat: nanoseconds on a core and nanoseconds runnable in the run
 * queue. Process CPU (/proc/<pid>/stat, 10 ms ticks) sums every thread, the GC's helpers and worker
 * threads too; an event loop's throughput follows this one thread, and its waiting time shows the
 * cores taken by everything else. NaN for both where /proc cannot tell.
 */
export function mainThreadTimes(pid: number): ThreadTimes {
  try {
    const [running, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { running: running / 1e9, waiting: waiting / 1e9 };
  } catch {
    return { running: NaN, waiting: NaN };
  }
}

export function threadTimesSince(before: ThreadTimes, after: ThreadTimes): ThreadTimes {
  return { running: after.running - before.running, waiting: after.waiting - before.waiting };
}
