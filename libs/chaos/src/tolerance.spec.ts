import { describe, expect, it } from 'vitest';
import { evaluateTolerance } from './tolerance';

describe('evaluateTolerance', () => {
  it('holds an absolute maximum, inclusive', () => {
    expect(evaluateTolerance({ type: 'absolute', max: 0.25 }, 0.25, 99)).toEqual({ holds: true, limit: '≤ 0.25' });
    expect(evaluateTolerance({ type: 'absolute', max: 0.25 }, 0.2501, 0).holds).toBe(false);
  });

  it('holds an absolute range', () => {
    const range = { type: 'absolute', min: 1, max: 2 } as const;
    expect(evaluateTolerance(range, 1, 0)).toEqual({ holds: true, limit: '1 … 2' });
    expect(evaluateTolerance(range, 0.9, 0).holds).toBe(false);
    expect(evaluateTolerance(range, 2.1, 0).holds).toBe(false);
    expect(evaluateTolerance({ type: 'absolute', min: 5 }, 4, 0)).toEqual({ holds: false, limit: '≥ 5' });
  });

  it('compares the experiment group with the control group', () => {
    expect(evaluateTolerance({ type: 'relative', maxRatio: 1.5 }, 0.3, 0.2)).toEqual({
      holds: true,
      limit: '≤ 0.3 (control 0.2 × 1.5)',
    });
    expect(evaluateTolerance({ type: 'relative', maxRatio: 1.5 }, 0.31, 0.2).holds).toBe(false);
  });

  it('holds a relative floor, as for throughput', () => {
    const tolerance = { type: 'relative', minRatio: 0.8, maxRatio: 1.2 } as const;
    expect(evaluateTolerance(tolerance, 17, 20)).toEqual({ holds: true, limit: '16 … 24 (control 20 × 0.8 … 1.2)' });
    expect(evaluateTolerance(tolerance, 15, 20).holds).toBe(false);
  });

  it('allows nothing above a control value of 0', () => {
    expect(evaluateTolerance({ type: 'relative', maxRatio: 2 }, 0, 0).holds).toBe(true);
    expect(evaluateTolerance({ type: 'relative', maxRatio: 2 }, 0.001, 0).holds).toBe(false);
  });

  it('never holds without data', () => {
    expect(evaluateTolerance({ type: 'absolute', max: 1 }, Number.NaN, 0).holds).toBe(false);
    expect(evaluateTolerance({ type: 'relative', maxRatio: 1.5 }, Number.NaN, 1).holds).toBe(false);
    expect(evaluateTolerance({ type: 'relative', maxRatio: 1.5 }, 1, Number.NaN)).toEqual({
      holds: false,
      limit: '≤ control × 1.5 (no control value)',
    });
  });

  it('writes limits with at most six significant digits', () => {
    expect(evaluateTolerance({ type: 'relative', maxRatio: 1.1 }, 0, 0.1).limit).toBe('≤ 0.11 (control 0.1 × 1.1)');
  });
});
