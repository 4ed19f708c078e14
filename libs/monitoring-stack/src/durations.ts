import { MonitoringError } from './errors';

/**
 * Seconds as a Prometheus/Alertmanager duration (`15s`, `500ms`), to the millisecond. `zero` allows 0
 * where the program does (Alertmanager's group_wait: notify a new group at once).
 */
export function formatDuration(seconds: number, what: string, { zero = false }: { zero?: boolean } = {}): string {
  const milliseconds = Math.round(seconds * 1000);
  if (zero && seconds === 0) return '0s';
  if (!Number.isFinite(seconds) || milliseconds <= 0) {
    throw new MonitoringError(
      `${what} must be a ${zero ? 'number of seconds ≥ 0 (0 or at least 0.001)' : 'positive number of seconds (at least 0.001)'}, not ${seconds}`,
    );
  }
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000}s` : `${milliseconds}ms`;
}
