import { describe, expect, it } from 'vitest';
import { crashesInARow, DEFAULT_RESTART_BACKOFF, restartDelaySeconds } from './restart-backoff';

describe('restart backoff', () => {
  it('doubles the delay with every crash in a row, up to the ceiling', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((crashes) => restartDelaySeconds(crashes, DEFAULT_RESTART_BACKOFF));
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });

  it('counts crashes in a row until a process stays up long enough', () => {
    let crashes = 0;
    crashes = crashesInARow(crashes, 0.5, DEFAULT_RESTART_BACKOFF);
    crashes = crashesInARow(crashes, 3, DEFAULT_RESTART_BACKOFF);
    crashes = crashesInARow(crashes, 59.9, DEFAULT_RESTART_BACKOFF);
    expect(crashes).toBe(3);
    expect(crashesInARow(crashes, 60, DEFAULT_RESTART_BACKOFF)).toBe(1);
  });

  it('follows the configured settings', () => {
    const fast = { initialSeconds: 0.25, maxSeconds: 1, resetAfterSeconds: 5 };
    expect([1, 2, 3, 4].map((crashes) => restartDelaySeconds(crashes, fast))).toEqual([0.25, 0.5, 1, 1]);
    expect(crashesInARow(4, 5, fast)).toBe(1);
  });
});
