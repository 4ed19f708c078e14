import { describe, expect, it } from 'vitest';
import { anchorBar, type AnchorRound } from './anchor-bar';

/** Rounds whose ratios to the anchor are exactly these, off and Scale alike. */
const rounds = (scaleRatios: readonly number[], offRatios: readonly number[]): AnchorRound[] =>
  scaleRatios.map((ratio, i) => ({ anchor: 1000, scale100: 1000 * ratio, off: 1000 * offRatios[i] }));

const many = (value: number, n = 20) => Array.from({ length: n }, (_, i) => value + (i - n / 2) * 0.001);

describe('anchorBar', () => {
  it('meets the bar when Scale is at least the asked speed-up over the whole interval', () => {
    const bar = anchorBar(rounds(many(2.2), many(2.4)), 2);
    expect(bar.verdict).toBe('met');
    expect(bar.speedUp).toBeCloseTo(2.2, 2);
    expect(bar.outOfReach).toBe(false);
  });

  it('calls the bar out of reach when off itself is under the speed-up over its whole interval', () => {
    const bar = anchorBar(rounds(many(1.7), many(1.85)), 2);
    expect(bar.verdict).toBe('not met');
    expect(bar.ceiling).toBeCloseTo(1.85, 2);
    expect(bar.outOfReach).toBe(true);
  });

  it('keeps a bar Scale misses within reach when off clears it', () => {
    const bar = anchorBar(rounds(many(1.7), many(2.3)), 2);
    expect(bar.verdict).toBe('not met');
    expect(bar.outOfReach).toBe(false);
  });

  it('does not call the bar out of reach when the interval of off straddles it', () => {
    const offRatios = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1.9 : 2.1));
    expect(anchorBar(rounds(many(1.7), offRatios), 2).outOfReach).toBe(false);
  });
});
