/** Prometheus or Alertmanager could not be configured, started or stopped. */
export class MonitoringError extends Error {
  override readonly name = 'MonitoringError';
}
