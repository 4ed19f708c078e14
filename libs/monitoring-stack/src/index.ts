export { startMonitoring } from './monitoring';
export type {
  AlertmanagerOptions,
  MonitoringBinaries,
  MonitoringOptions,
  RunningMonitoring,
  ScrapeTarget,
} from './monitoring-options';
export { renderPrometheusConfig } from './prometheus-config';
export type { PrometheusConfigSettings } from './prometheus-config';
export { renderAlertmanagerConfig } from './alertmanager-config';
export { renderTargetsFile } from './scrape-targets';
export { observabilityFiles } from './project-files';
export type { ObservabilityFiles } from './project-files';
export { DEBIAN_BINARIES } from './binaries';
export { MonitoringError } from './errors';
