import { describe, expect, it } from 'vitest';
import type { AbortCondition, ExperimentProbe } from '@scale/chaos';
import type { Group } from '../drivers/driver';
import type { Reading } from './group-reading';
import { judgeAbortConditions, judgeSteadyState } from './steady-state';

const latency: ExperimentProbe = {
  name: 'p95',
  query: 'p95{group="$group"}',
  tolerance: { type: 'relative', maxRatio: 1.5 },
};
const errors: ExperimentProbe = {
  name: 'errors',
  query: 'errors{group="$group"}',
  tolerance: { type: 'absolute', max: 0.01 },
};
const both = (control: Reading, experiment: Reading): Record<Group, Reading> => ({ control, experiment });
const value = (v: number): Reading => ({ value: v });

describe('judgeSteadyState', () => {
  it('is steady when the experiment group is within the relative tolerance and both groups within the absolute one', () => {
    const check = judgeSteadyState(
      [latency, errors],
      new Map([
        ['p95', both(value(0.1), value(0.14))],
        ['errors', both(value(0), value(0.005))],
      ]),
    );
    expect(check).toMatchObject({ steady: true, reasons: [] });
    expect(check.probes.map((probe) => [probe.name, probe.control, probe.experiment, probe.holds])).toEqual([
      ['p95', 0.1, 0.14, true],
      ['errors', 0, 0.005, true],
    ]);
  });

  it('names the group and the limit when a probe is out of tolerance', () => {
    const check = judgeSteadyState([latency], new Map([['p95', both(value(0.1), value(0.2))]]));
    expect(check.steady).toBe(false);
    expect(check.reasons).toEqual(['p95 in the experiment group: 0.2 is not ≤ 0.15 (control 0.1 × 1.5)']);
  });

  it('refuses when the control group breaks an absolute tolerance, though the experiment group holds it', () => {
    const check = judgeSteadyState([errors], new Map([['errors', both(value(0.5), value(0))]]));
    expect(check.steady).toBe(false);
    expect(check.reasons).toEqual(['errors in the control group: 0.5 is not ≤ 0.01']);
  });

  it('is never steady without data or without Prometheus', () => {
    const noData = judgeSteadyState([errors], new Map([['errors', both(value(Number.NaN), value(0))]]));
    expect(noData).toMatchObject({ steady: false, reasons: ['errors in the control group: no data'] });
    const unreachable = judgeSteadyState(
      [latency],
      new Map([
        ['p95', both(value(0.1), { value: Number.NaN, error: 'Prometheus at x is unreachable', unreachable: true })],
      ]),
    );
    expect(unreachable.steady).toBe(false);
    expect(unreachable.reasons).toEqual(['p95 in the experiment group: Prometheus at x is unreachable']);
  });
});

describe('judgeAbortConditions', () => {
  const condition: AbortCondition = { name: 'errors', query: 'e', max: 0.5, forSamples: 3 };

  it('accepts a quiet, watchable condition', () => {
    expect(judgeAbortConditions([condition], new Map([['errors', value(0.1)]]))).toEqual([]);
  });

  it('refuses a condition already breached, without data, or that Prometheus refuses', () => {
    expect(judgeAbortConditions([condition], new Map([['errors', value(0.7)]]))).toEqual([
      'abort condition errors is already breached: 0.7 > 0.5',
    ]);
    expect(judgeAbortConditions([condition], new Map([['errors', value(Number.NaN)]]))[0]).toMatch(
      /^abort condition errors: no data/,
    );
    expect(
      judgeAbortConditions([condition], new Map([['errors', { value: Number.NaN, error: 'bad_data: parse error' }]])),
    ).toEqual(['abort condition errors: bad_data: parse error']);
  });
});
