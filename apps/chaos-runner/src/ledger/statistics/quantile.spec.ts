import { describe, expect, it } from 'vitest';
import { mean, quantile } from './quantile';

describe('quantile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBeCloseTo(91);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3], 0)).toBe(1);
    expect(quantile([1, 2, 3], 1)).toBe(3);
  });

  it('has no value for no values, and refuses a q outside [0, 1]', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(mean([])).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});
