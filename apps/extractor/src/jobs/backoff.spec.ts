import { describe, expect, it } from 'vitest';
import { backoffSeconds } from './backoff';

describe('backoffSeconds', () => {
  it('doubles from one second and stops at the cap', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5].map((attempts) => backoffSeconds(attempts, 300, top))).toEqual([1, 2, 4, 8, 16]);
    expect(backoffSeconds(30, 300, top)).toBe(300);
  });

  it('jitters down to half the delay, never above it', () => {
    expect(backoffSeconds(4, 300, () => 0)).toBe(4);
    expect(backoffSeconds(4, 300, () => 0.5)).toBe(6);
  });
});
