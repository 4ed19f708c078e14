import { describe, expect, it } from 'vitest';
import { mainThreadTimes, threadTimesSince } from './thread-times';

describe('mainThreadTimes', () => {
  it.runIf(process.platform === 'linux')("counts this thread's time on a core as it works", () => {
    const before = mainThreadTimes(process.pid);
    const until = performance.now() + 50;
    while (performance.now() < until);
    const { running, waiting } = threadTimesSince(before, mainThreadTimes(process.pid));
    // 50 ms of spinning, of which a shared machine may take some: on a core for most of it.
    expect(running).toBeGreaterThan(0.02);
    expect(running).toBeLessThan(1);
    expect(waiting).toBeGreaterThanOrEqual(0);
  });

  it('gives NaN for a process /proc does not know', () => {
    const { running, waiting } = mainThreadTimes(2 ** 22 + 1);
    expect(running).toBeNaN();
    expect(waiting).toBeNaN();
  });
});
