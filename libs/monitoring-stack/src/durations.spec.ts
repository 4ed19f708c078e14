import { describe, expect, it } from 'vitest';
import { formatDuration } from './durations';
import { MonitoringError } from './errors';

describe('formatDuration', () => {
  it('writes whole seconds in seconds and the rest in milliseconds', () => {
    expect(formatDuration(15, 'x')).toBe('15s');
    expect(formatDuration(14_400, 'x')).toBe('14400s');
    expect(formatDuration(0.5, 'x')).toBe('500ms');
    expect(formatDuration(1.25, 'x')).toBe('1250ms');
  });

  it('writes 0 only where it is allowed', () => {
    expect(formatDuration(0, 'groupWaitSeconds', { zero: true })).toBe('0s');
    expect(() => formatDuration(-1, 'groupWaitSeconds', { zero: true })).toThrow(
      /groupWaitSeconds must be a number of seconds ≥ 0/,
    );
  });

  it('refuses durations Prometheus would refuse, naming the setting', () => {
    for (const bad of [0, -1, 0.0001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => formatDuration(bad, 'scrapeIntervalSeconds')).toThrow(MonitoringError);
      expect(() => formatDuration(bad, 'scrapeIntervalSeconds')).toThrow(
        /scrapeIntervalSeconds must be a positive number/,
      );
    }
  });
});
