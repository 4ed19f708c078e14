import { describe, expect, it } from 'vitest';
import { alignSeries, chartsPayload } from './chart-data';

describe('alignSeries', () => {
  it('puts both groups on the union of their times, with gaps where a group has no sample or NaN', () => {
    const chart = alignSeries({
      name: 'p95',
      unit: 'seconds',
      control: [
        [110, 0.2],
        [100, 0.1],
      ],
      experiment: [
        [105, 0.3],
        [110, Number.NaN],
      ],
    });
    expect(chart).toEqual({
      name: 'p95',
      unit: 'seconds',
      x: [100, 105, 110],
      control: [0.1, null, 0.2],
      experiment: [null, 0.3, null],
    });
  });

  it('keeps the markers with a finite time, and survives JSON', () => {
    const payload = chartsPayload(
      [],
      [
        { at: 100, label: 'injection' },
        { at: Number.NaN, label: 'detection' },
      ],
    );
    expect(JSON.parse(JSON.stringify(payload))).toEqual({ charts: [], markers: [{ at: 100, label: 'injection' }] });
  });
});
