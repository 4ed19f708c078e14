import { describe, expect, it } from 'vitest';
import { AbortWatch } from './abort-watch';
import type { Reading } from './group-reading';

const round = (reading: Reading) => new Map([['errors', reading]]);

describe('AbortWatch', () => {
  const watch = () => new AbortWatch([{ name: 'errors', query: 'e', max: 0.5, forSamples: 3 }]);

  it('aborts after forSamples consecutive breaches, not before', () => {
    const errors = watch();
    expect(errors.observe(round({ value: 0.6 }))).toBeNull();
    expect(errors.observe(round({ value: 0.7 }))).toBeNull();
    expect(errors.observe(round({ value: 0.8 }))).toBe(
      'abort condition errors breached in 3 consecutive sample(s): 0.8 > 0.5',
    );
  });

  it('starts counting again after a quiet sample', () => {
    const errors = watch();
    for (const value of [0.6, 0.7, 0.1, 0.6, 0.7]) expect(errors.observe(round({ value }))).toBeNull();
  });

  it('counts an unreachable Prometheus and missing data as breaches, never as passes', () => {
    const errors = watch();
    expect(
      errors.observe(
        round({ value: Number.NaN, error: 'Prometheus at x is unreachable: ECONNREFUSED', unreachable: true }),
      ),
    ).toBeNull();
    expect(errors.observe(round({ value: Number.NaN }))).toBeNull();
    expect(
      errors.observe(
        round({ value: Number.NaN, error: 'Prometheus at x is unreachable: ECONNREFUSED', unreachable: true }),
      ),
    ).toBe(
      'abort condition errors breached in 3 consecutive sample(s): Prometheus unreachable (Prometheus at x is unreachable: ECONNREFUSED)',
    );
  });
});
