import { median, medianInterval, type MedianInterval } from '@scale/chaos';
import { verdict, type Verdict } from './verdict';

/** One round's throughput, req/s, of the three configurations the anchor bar reads. */
export interface AnchorRound {
  readonly off: number;
  readonly scale100: number;
  readonly anchor: number;
}

export interface AnchorBar {
  /** Scale at 100% against the anchor: the median of the rounds' ratios, and its 95% interval. */
  readonly speedUp: number;
  readonly speedUpInterval: MedianInterval | undefined;
  readonly verdict: Verdict;
  /**
   * Off against the anchor: the most any instrumentation could reach, since instrumenting the
   * endpoint adds work to it. Beside the verdict, it tells a bar Scale misses from a bar no
   * instrumentation could meet, on this machine, because the anchor costs too little for it.
   */
  readonly ceiling: number;
  readonly ceilingInterval: MedianInterval | undefined;
  /** Whether even off falls short, over its whole interval: then no instrumentation meets the bar. */
  readonly outOfReach: boolean;
}

export function anchorBar(rounds: readonly AnchorRound[], minSpeedUp: number): AnchorBar {
  const speedUps = rounds.map((round) => round.scale100 / round.anchor);
  const ceilings = rounds.map((round) => round.off / round.anchor);
  const speedUp = median(speedUps);
  const speedUpInterval = medianInterval(speedUps);
  const ceiling = median(ceilings);
  const ceilingInterval = medianInterval(ceilings);
  const meets = (ratio: number) => ratio >= minSpeedUp;
  return {
    speedUp,
    speedUpInterval,
    verdict: verdict(speedUp, speedUpInterval, meets),
    ceiling,
    ceilingInterval,
    outOfReach: verdict(ceiling, ceilingInterval, meets) === 'not met',
  };
}
