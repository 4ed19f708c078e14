import { describe, expect, it } from 'vitest';
import { startOfIsoWeek, statisticsRange } from './range';

describe('statisticsRange', () => {
  const now = new Date('2026-01-07T15:00:00Z'); // a Wednesday

  it('defaults to the 12 ISO weeks up to now, starting on a Monday', () => {
    const { from, to } = statisticsRange({}, now);
    expect(to).toEqual(now);
    expect(from.toISOString()).toBe('2025-10-20T00:00:00.000Z');
    expect(from.getUTCDay()).toBe(1);
  });

  it('takes the given bounds and refuses reversed or over-long ranges, naming the field', () => {
    expect(statisticsRange({ from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, now).from.toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(() => statisticsRange({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, now)).toThrow(
      /^from must be before to$/,
    );
    expect(() => statisticsRange({ from: '2024-01-01T00:00:00Z' }, now)).toThrow(
      /^from must be at most 366 days before to$/,
    );
  });

  it('finds the Monday of a week, a Sunday included', () => {
    expect(startOfIsoWeek(new Date('2026-01-11T23:59:59Z')).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(startOfIsoWeek(new Date('2026-01-05T00:00:00Z')).toISOString()).toBe('2026-01-05T00:00:00.000Z');
  });
});
