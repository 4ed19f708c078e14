import { describe, expect, it } from 'vitest';
import type { ExplanationScope } from './explained-alerts';
import { splitScopes } from './settled-explanations';
import { changesSettledPast, SETTLE_MS } from './settled-changes';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

describe('splitScopes', () => {
  const scope: ExplanationScope = {
    groups: ['experiment'],
    others: false,
    intervals: [
      { from: at(0), to: at(10) },
      { from: at(20), to: at(30) },
      { from: at(40), to: at(50) },
    ],
  };

  it('puts the intervals ending before the horizon in the settled part and tells the live part where they ended', () => {
    const { settled, live } = splitScopes([scope], at(35));
    expect(settled).toEqual([{ ...scope, intervals: scope.intervals.slice(0, 2) }]);
    expect(live).toEqual([{ ...scope, intervals: scope.intervals.slice(2), after: at(30) }]);
  });

  it('keeps an interval the horizon falls in wholly live', () => {
    const { settled, live } = splitScopes([scope], at(25));
    expect(settled[0].intervals).toEqual(scope.intervals.slice(0, 1));
    expect(live[0].intervals).toEqual(scope.intervals.slice(1));
  });

  it('leaves out a side with no interval', () => {
    expect(splitScopes([scope], at(60))).toEqual({ settled: [scope], live: [] });
    expect(splitScopes([scope], at(0))).toEqual({ settled: [], live: [{ ...scope, after: undefined }] });
  });
});

describe('changesSettledPast', () => {
  it('is true only for a start older than the settling time', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(changesSettledPast(new Date(now - SETTLE_MS - 1), now)).toBe(true);
    expect(changesSettledPast(new Date(now - SETTLE_MS + 1), now)).toBe(false);
  });
});
