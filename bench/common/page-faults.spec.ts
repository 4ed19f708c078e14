import { describe, expect, it } from 'vitest';
import { faultsSince, majorFaults } from './page-faults';

describe('majorFaults', () => {
  it("reads this process's and the machine's counts, which only grow", () => {
    const before = majorFaults(process.pid);
    const after = majorFaults(process.pid);
    expect(Number.isInteger(before.process)).toBe(true);
    expect(after.process).toBeGreaterThanOrEqual(before.process!);
    expect(after.machine).toBeGreaterThanOrEqual(before.machine!);
  });

  it('reads nothing for a process that does not exist', () => {
    expect(majorFaults(2 ** 31 - 1).process).toBeUndefined();
  });

  it('gives the counts between two readings, or none where either is missing', () => {
    expect(faultsSince({ process: 3, machine: 10 }, { process: 5, machine: 40 })).toEqual({ process: 2, machine: 30 });
    expect(faultsSince({ process: undefined, machine: 10 }, { process: 5, machine: 12 })).toEqual({
      process: undefined,
      machine: 2,
    });
  });
});
