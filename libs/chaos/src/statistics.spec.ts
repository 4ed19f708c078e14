import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deviation, erfc, mannWhitneyU, median, medianInterval } from './statistics';

const samples = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
  maxLength: 40,
});

describe('mannWhitneyU', () => {
  it("matches scipy's documented example (mannwhitneyu(males, females, method='asymptotic'))", () => {
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    const result = mannWhitneyU(females, males);
    expect(result.u).toBe(17);
    expect(result.z).toBeCloseTo(1.5921683328090657, 9);
    expect(result.pValue).toBeCloseTo(0.11134688653314041, 6);
  });

  it('corrects for ties', () => {
    // Ranks by hand: pooled 1,2,2,2,3,3,3,3,4,4,5; tie groups of 3 and 4 give Σ(t³ − t) = 24 + 60.
    const result = mannWhitneyU([1, 2, 2, 3, 3, 3], [3, 4, 4, 5, 2]);
    expect(result.u).toBe(24.5);
    expect(result.z).toBeCloseTo(1.7022223637379919, 9);
    expect(result.pValue).toBeCloseTo(0.08871369199677624, 6);
  });

  it('finds a clear slowdown of the experiment group significant', () => {
    const control = [0.1, 0.12, 0.11, 0.13, 0.1, 0.12, 0.11, 0.1, 0.12, 0.11];
    const experiment = [0.2, 0.25, 0.22, 0.21, 0.3, 0.24, 0.2, 0.23, 0.26, 0.2];
    const result = mannWhitneyU(control, experiment);
    expect(result.u).toBe(100);
    expect(result.z).toBeGreaterThan(0);
    expect(result.pValue).toBeCloseTo(0.00016684208918172906, 7);
  });

  it('sees no difference between identical groups, empty ones, or all-tied ones', () => {
    expect(mannWhitneyU([1, 2, 3], [1, 2, 3]).pValue).toBe(1);
    expect(mannWhitneyU([], [1, 2, 3])).toEqual({ u: 0, z: 0, pValue: 1 });
    expect(mannWhitneyU([1, 2], [])).toEqual({ u: 0, z: 0, pValue: 1 });
    expect(mannWhitneyU([4, 4, 4], [4, 4])).toEqual({ u: 3, z: 0, pValue: 1 });
  });

  it('leaves out intervals without observations (NaN)', () => {
    expect(mannWhitneyU([20, Number.NaN, 11, 17, 12], [19, 22, 16, Number.NaN, 29, 24])).toEqual(
      mannWhitneyU([20, 11, 17, 12], [19, 22, 16, 29, 24]),
    );
  });

  it('is symmetric: swapping the groups mirrors u and z and keeps p', () => {
    fc.assert(
      fc.property(samples, samples, (a, b) => {
        const forward = mannWhitneyU(a, b);
        const backward = mannWhitneyU(b, a);
        if (a.length > 0 && b.length > 0) expect(forward.u + backward.u).toBe(a.length * b.length);
        expect(forward.z).toBeCloseTo(-backward.z, 12);
        expect(forward.pValue).toBeCloseTo(backward.pValue, 12);
      }),
    );
  });

  it('gives a p-value in [0, 1] and u in [0, n1·n2]', () => {
    fc.assert(
      fc.property(samples, samples, (a, b) => {
        const { u, pValue } = mannWhitneyU(a, b);
        expect(pValue).toBeGreaterThanOrEqual(0);
        expect(pValue).toBeLessThanOrEqual(1);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThanOrEqual(a.length * b.length);
      }),
    );
  });

  it('counts the pairs the experiment wins, ties as halves', () => {
    fc.assert(
      fc.property(samples, samples, (control, experiment) => {
        fc.pre(control.length > 0 && experiment.length > 0);
        let pairs = 0;
        for (const c of control) for (const e of experiment) pairs += e > c ? 1 : e === c ? 0.5 : 0;
        expect(mannWhitneyU(control, experiment).u).toBeCloseTo(pairs, 9);
      }),
    );
  });

  it('does not change when both groups are shifted by the same amount', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100, max: 100 })),
        fc.array(fc.integer({ min: -100, max: 100 })),
        fc.integer({ min: -1000, max: 1000 }),
        (a, b, shift) => {
          const shifted = mannWhitneyU(
            a.map((x) => x + shift),
            b.map((x) => x + shift),
          );
          expect(shifted).toEqual(mannWhitneyU(a, b));
        },
      ),
    );
  });
});

describe('erfc', () => {
  it('agrees with known values', () => {
    // Values from Python's math.erfc.
    const known: Array<[number, number]> = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047265],
      [3, 2.2090496998585438e-5],
      [-1, 1.842700792949715],
    ];
    for (const [x, expected] of known) expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1.2e-7);
  });
});

describe('deviation', () => {
  it('compares the medians', () => {
    expect(deviation([0.1, 0.3, 0.2], [0.5, 0.4, 0.9, 0.2])).toEqual({
      controlMedian: 0.2,
      experimentMedian: 0.45,
      ratio: 2.25,
      difference: 0.25,
    });
  });

  it('has no ratio when the control median is 0', () => {
    expect(deviation([0, 0, 1], [0.5])).toEqual({
      controlMedian: 0,
      experimentMedian: 0.5,
      ratio: null,
      difference: 0.5,
    });
  });

  it('has NaN medians and no ratio without samples', () => {
    const result = deviation([], [1]);
    expect(result.controlMedian).toBeNaN();
    expect(result.ratio).toBeNull();
    expect(result.difference).toBeNaN();
  });

  it('takes medians of the observed values only', () => {
    expect(median([3, Number.NaN, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN])).toBeNaN();
  });
});

describe('medianInterval', () => {
  const ranks = (n: number) => {
    const interval = medianInterval(Array.from({ length: n }, (_, i) => i + 1));
    return interval && [interval.low, interval.high, Number(interval.confidence.toFixed(4))];
  };

  it('takes the ranks of the published tables (Conover, Practical Nonparametric Statistics, Table A3)', () => {
    expect(ranks(6)).toEqual([1, 6, 0.9688]);
    expect(ranks(15)).toEqual([4, 12, 0.9648]);
    expect(ranks(20)).toEqual([6, 15, 0.9586]);
    expect(ranks(40)).toEqual([14, 27, 0.9615]);
  });

  it('has no interval where the sample cannot reach the level', () => {
    expect(medianInterval([1, 2, 3, 4, 5])).toBeUndefined();
    expect(medianInterval([])).toBeUndefined();
    expect(medianInterval([1, 2, 3, 4, 5], 0.9)).toEqual({ low: 1, high: 5, confidence: 0.9375 });
  });

  it('leaves NaN out and does not depend on the order of the values', () => {
    expect(medianInterval([9, Number.NaN, 3, 7, 1, 5, 2, 8])).toEqual(medianInterval([1, 2, 3, 5, 7, 8, 9]));
  });

  it('holds the sample median between its ends, from values of the sample', () => {
    fc.assert(
      fc.property(samples, (values) => {
        const interval = medianInterval(values);
        if (interval === undefined) return values.length < 6;
        return (
          interval.low <= median(values) &&
          median(values) <= interval.high &&
          values.includes(interval.low) &&
          values.includes(interval.high) &&
          interval.confidence >= 0.95
        );
      }),
    );
  });

  it('covers the true median as often as it says, on skewed draws', () => {
    // Exponential draws (median ln 2) from a fixed-seed generator: 4,000 samples of 15.
    let seed = 42;
    const uniform = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return (seed + 0.5) / 2 ** 31;
    };
    let covered = 0;
    const trials = 4_000;
    for (let trial = 0; trial < trials; trial++) {
      const values = Array.from({ length: 15 }, () => -Math.log(uniform()));
      const interval = medianInterval(values)!;
      if (interval.low <= Math.LN2 && Math.LN2 <= interval.high) covered++;
    }
    // 96.5% expected; three standard errors (0.9%) either side.
    expect(covered / trials).toBeGreaterThan(0.955);
    expect(covered / trials).toBeLessThan(0.975);
  });
});
