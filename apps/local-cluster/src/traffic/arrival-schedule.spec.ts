import { describe, expect, it } from 'vitest';
import { arrivalsDue, tickIntervalMs } from './arrival-schedule';

/** Drives the schedule the way the generator's timer does, at `tickMs`, and counts what it sends. */
function run(rate: number, durationMs: number, tickMs: number, stallAt?: { at: number; forMs: number }) {
  let dispatched = 0;
  let sent = 0;
  let skipped = 0;
  const sends: number[] = [];
  for (let now = tickMs; now <= durationMs; now += tickMs) {
    if (stallAt && now > stallAt.at && now < stallAt.at + stallAt.forMs) continue;
    const due = arrivalsDue(now, rate, dispatched, 1_000);
    dispatched += due.send + due.skip;
    sent += due.send;
    skipped += due.skip;
    sends.push(due.send);
  }
  return { sent, skipped, sends };
}

describe('arrivalsDue', () => {
  it('holds the rate exactly over time, whatever the tick', () => {
    expect(run(20, 10_000, 50).sent).toBe(200);
    expect(run(20, 10_000, 37).sent).toBe(Math.floor((Math.floor(10_000 / 37) * 37 * 20) / 1000));
    expect(run(0.5, 10_000, 100).sent).toBe(5);
  });

  it('spreads arrivals over the ticks instead of sending them in bursts', () => {
    // 20/s with a 10 ms tick: one request every fifth tick, never two at once.
    const { sends } = run(20, 2_000, 10);
    expect(Math.max(...sends)).toBe(1);
    expect(sends.filter((n) => n === 1)).toHaveLength(40);
  });

  it('catches up a short delay but skips what is more than the allowed lag late', () => {
    // A 300 ms stall is caught up; nothing is lost.
    expect(run(20, 5_000, 50, { at: 1_000, forMs: 300 })).toMatchObject({ sent: 100, skipped: 0 });
    // No tick from 1 s to 4 s: at 4 s the 40 arrivals due from 1 s to 3 s are more than 1 s late and
    // skipped, the 20 of the last second are sent.
    const stalled = run(20, 5_000, 50, { at: 1_000, forMs: 3_000 });
    expect(stalled.sent + stalled.skipped).toBe(100);
    expect(stalled.skipped).toBe(40);
    expect(Math.max(...stalled.sends)).toBe(20);
  });

  it('sends nothing for no rate or before the start', () => {
    expect(arrivalsDue(5_000, 0, 0, 1_000)).toEqual({ send: 0, skip: 0 });
    expect(arrivalsDue(-10, 20, 0, 1_000)).toEqual({ send: 0, skip: 0 });
    expect(arrivalsDue(1_000, 20, 25, 1_000)).toEqual({ send: 0, skip: 0 });
  });
});

describe('tickIntervalMs', () => {
  it('ticks about once per arrival, between 10 and 100 ms', () => {
    expect(tickIntervalMs(20)).toBe(50);
    expect(tickIntervalMs(1000)).toBe(10);
    expect(tickIntervalMs(1)).toBe(100);
    expect(tickIntervalMs(0)).toBe(100);
  });
});
