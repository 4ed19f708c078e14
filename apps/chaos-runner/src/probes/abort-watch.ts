import type { AbortCondition } from '@scale/chaos';
import type { Reading } from './group-reading';

/**
 * Counts, for each abort condition, the consecutive samples of the experiment group that breach it: a
 * value over `max`, no data, or no answer from Prometheus (losing sight of the system is never a pass).
 * Returns the reason to abort once a condition has breached `forSamples` samples in a row.
 */
export class AbortWatch {
  private readonly streaks = new Map<string, number>();

  constructor(private readonly conditions: readonly AbortCondition[]) {}

  observe(readings: ReadonlyMap<string, Reading>): string | null {
    for (const condition of this.conditions) {
      const reading = readings.get(condition.name);
      const breach = breachOf(condition, reading);
      const streak = breach === null ? 0 : (this.streaks.get(condition.name) ?? 0) + 1;
      this.streaks.set(condition.name, streak);
      if (breach !== null && streak >= condition.forSamples) {
        return `abort condition ${condition.name} breached in ${streak} consecutive sample(s): ${breach}`;
      }
    }
    return null;
  }
}

function breachOf(condition: AbortCondition, reading: Reading | undefined): string | null {
  if (!reading) return 'not sampled';
  if (reading.error) return reading.unreachable ? `Prometheus unreachable (${reading.error})` : reading.error;
  if (Number.isNaN(reading.value)) return 'no data';
  return reading.value > condition.max ? `${reading.value} > ${condition.max}` : null;
}
