import { MonitoringError } from './errors';

/** Seconds as a Prometheus/Alertmanager duration (`15s`, `500ms`), to the millisecond. */
export function formatDuration(seconds: number, what: string): string {
  const milliseconds = Math.round(seconds * 1000);
  if (!Number.isFinite(seconds) || milliseconds <= 0) {
    throw new MonitoringError(`${what} must be a positive number of seconds (at least 0.001), not ${seconds}`);
  }
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000}s` : `${milliseconds}ms`;
}
