import { describe, expect, it } from 'vitest';
import { isStoppedState, parseProcessState, processStopped } from './process-status';

describe('parseProcessState', () => {
  it('reads the state after the command, whatever the command holds', () => {
    expect(parseProcessState('1234 (node) S 1 1234 1234 0 -1')).toBe('S');
    expect(parseProcessState('1234 (a (weird) name) T 1 1234')).toBe('T');
    expect(parseProcessState('garbage')).toBeUndefined();
  });

  it('counts signal and tracing stops as stopped', () => {
    expect(['T', 't'].map(isStoppedState)).toEqual([true, true]);
    expect(['R', 'S', 'D', 'Z'].map(isStoppedState)).toEqual([false, false, false, false]);
  });

  it.runIf(process.platform === 'linux')('sees this process running', () => {
    expect(processStopped(process.pid)).toBe(false);
  });
});
