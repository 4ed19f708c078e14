import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  configuredFloor,
  DETECTION_PARTS,
  detectionBreakdown,
  honestFloor,
  largestPart,
  type DetectionMoments,
} from './detection-breakdown';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** A container killed at 0.05 s, scraped down at 1.2 s, pending and firing at 2.0 s (no `for`), told at 2.04 s. */
const KILL: DetectionMoments = {
  injectedAt: at(0),
  effectAt: at(0.05),
  firstScrapeAt: at(1.2),
  conditionAt: at(1.2),
  pendingAt: at(2),
  firingAt: at(2),
  notifiedAt: at(2.04),
};

describe('detectionBreakdown', () => {
  it('splits the time from injection to the ledger into its parts, and names the largest', () => {
    expect(detectionBreakdown(KILL)).toEqual({
      effect: 0.05,
      scrape: 1.15,
      condition: 0,
      evaluation: 0.8,
      for: 0,
      notification: 0.04,
      largest: 'scrape',
    });
  });

  it('puts a rule that waits for the restarted process in the condition, and a `for` in its own part', () => {
    const restart = { ...KILL, conditionAt: at(6.2), pendingAt: at(7), firingAt: at(37), notifiedAt: at(38) };
    expect(detectionBreakdown(restart)).toMatchObject({ condition: 5, for: 30, notification: 1, largest: 'for' });
  });

  it('holds a scrape that showed the fault before its measured effect to the scrape: no negative part', () => {
    // The zone's API stopped answering before its last process had exited.
    const zone = { ...KILL, effectAt: at(1.5), firstScrapeAt: at(1.2) };
    expect(detectionBreakdown(zone)).toMatchObject({ effect: 1.2, scrape: 0 });
  });

  it('leaves the parts around an unmeasured moment null, and still names the largest known one', () => {
    expect(detectionBreakdown({ ...KILL, firstScrapeAt: null, conditionAt: null })).toEqual({
      effect: 0.05,
      scrape: null,
      condition: null,
      evaluation: null,
      for: 0,
      notification: 0.04,
      largest: 'effect',
    });
  });

  it('adds up to the time from the injection to the notification, whatever the measured moments', () => {
    const moment = fc.option(fc.integer({ min: -5_000, max: 120_000 }), { nil: null });
    fc.assert(
      fc.property(
        fc.tuple(moment, moment, moment, moment, moment),
        fc.integer({ min: 0, max: 120_000 }),
        ([effect, scrape, condition, pending, firing], notified) => {
          const date = (ms: number | null) => (ms === null ? null : new Date(T0 + ms));
          const breakdown = detectionBreakdown({
            injectedAt: new Date(T0),
            effectAt: date(effect),
            firstScrapeAt: date(scrape),
            conditionAt: date(condition),
            pendingAt: date(pending),
            firingAt: date(firing),
            notifiedAt: new Date(T0 + notified),
          });
          const parts = DETECTION_PARTS.map((part) => breakdown[part]);
          for (const part of parts) if (part !== null) expect(part).toBeGreaterThanOrEqual(0);
          if (parts.every((part) => part !== null)) {
            const sum = parts.reduce((total, part) => total + (part as number), 0);
            expect(sum).toBeCloseTo(notified / 1000, 6);
          }
        },
      ),
    );
  });
});

describe('largestPart', () => {
  it('is null when nothing is known, and the first of equals otherwise', () => {
    expect(largestPart({ effect: null, scrape: null })).toBeNull();
    expect(largestPart({ scrape: 2, evaluation: 2, for: 1 })).toBe('scrape');
  });
});

describe('configuredFloor', () => {
  it('adds a whole scrape interval, a whole evaluation interval, the for rounded up to evaluations, and group_wait', () => {
    expect(
      configuredFloor({ scrapeIntervalSeconds: 2, evaluationIntervalSeconds: 2, forSeconds: 30, groupWaitSeconds: 0 }),
    ).toEqual({ effect: 0, scrape: 2, condition: 0, evaluation: 2, for: 30, notification: 0, total: 34 });
    // A 30 s `for` evaluated every 15 s fires at the second evaluation; every 20 s, only at the third.
    expect(
      configuredFloor({
        scrapeIntervalSeconds: 15,
        evaluationIntervalSeconds: 20,
        forSeconds: 30,
        groupWaitSeconds: 30,
      }),
    ).toMatchObject({ for: 40, notification: 30, total: 105 });
  });

  it('refuses negative or missing figures', () => {
    expect(() =>
      configuredFloor({ scrapeIntervalSeconds: -1, evaluationIntervalSeconds: 1, forSeconds: 0, groupWaitSeconds: 0 }),
    ).toThrow('scrapeIntervalSeconds must be a finite number ≥ 0, got -1');
    expect(() =>
      configuredFloor({
        scrapeIntervalSeconds: 1,
        evaluationIntervalSeconds: Number.NaN,
        forSeconds: 0,
        groupWaitSeconds: 0,
      }),
    ).toThrow(RangeError);
  });
});

describe('honestFloor', () => {
  const timings = {
    scrapeIntervalSeconds: 2,
    evaluationIntervalSeconds: 2,
    forSeconds: 0,
    groupWaitSeconds: 1,
    groupIntervalSeconds: 5,
  };

  it('adds what was measured and cannot be removed: the fault taking effect and the rule’s condition', () => {
    const restart = detectionBreakdown({
      ...KILL,
      conditionAt: at(6.2),
      pendingAt: at(7),
      firingAt: at(7),
      notifiedAt: at(8),
    });
    expect(honestFloor(timings, restart)).toEqual({
      effect: 0.05,
      scrape: 2,
      condition: 5,
      evaluation: 2,
      for: 0,
      notification: 1,
      total: 10.05,
    });
  });

  it('adds nothing for parts that were not measured', () => {
    const unknown = detectionBreakdown({ ...KILL, effectAt: null, firstScrapeAt: null, conditionAt: null });
    expect(honestFloor(timings, unknown).total).toBe(5);
  });

  it("counts the group's interval instead of group_wait for an alert that joined a group already notified", () => {
    expect(honestFloor(timings, detectionBreakdown(KILL), { joinedGroup: true })).toMatchObject({
      notification: 5,
      total: 9.05,
    });
  });
});
