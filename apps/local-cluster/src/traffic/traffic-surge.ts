import type { TrafficGroup } from './traffic-meter';

/** The largest multiplier the control API takes: beyond it the generator, not the group, would be the bottleneck. */
export const MAX_TRAFFIC_MULTIPLIER = 20;

/**
 * Each group's load as a multiple of the steady rate. The generator sends every arrival to both groups
 * once, and as many more times to a group as its multiplier says, fractions carried to the next
 * arrival, so 2.5 sends five requests per two arrivals.
 */
export class TrafficSurge {
  private readonly multipliers: Record<TrafficGroup, number> = { control: 1, experiment: 1 };
  private readonly carried: Record<TrafficGroup, number> = { control: 0, experiment: 0 };

  set(group: TrafficGroup, multiplier: number): void {
    if (!Number.isFinite(multiplier) || multiplier < 1 || multiplier > MAX_TRAFFIC_MULTIPLIER) {
      throw new RangeError(`multiplier must be from 1 to ${MAX_TRAFFIC_MULTIPLIER}, got ${multiplier}`);
    }
    this.multipliers[group] = multiplier;
    this.carried[group] = 0;
  }

  current(): Record<TrafficGroup, number> {
    return { ...this.multipliers };
  }

  /** How many requests one arrival sends to the group: 1 at steady rate. */
  requestsPerArrival(group: TrafficGroup): number {
    const due = this.multipliers[group] + this.carried[group];
    const whole = Math.floor(due + 1e-9);
    this.carried[group] = due - whole;
    return whole;
  }
}
