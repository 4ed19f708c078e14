export { startMonitoring } from './monitoring';
export type {
  AlertmanagerOptions,
  ExporterBinaries,
  MonitoringBinaries,
  MonitoringOptions,
  ProbeTarget,
  ProbeTargets,
  RunningMonitoring,
  ScrapeTarget,
} from './monitoring-options';
export { renderPrometheusConfig } from './prometheus-config';
export type { PrometheusConfigSettings } from './prometheus-config';
export { renderAlertmanagerConfig } from './alertmanager-config';
export { renderProbesFile, renderTargetsFile } from './scrape-targets';
export { observabilityFiles } from './project-files';
export type { ObservabilityFiles } from './project-files';
export { DEBIAN_BINARIES } from './binaries';
export { MonitoringError } from './errors';
export {
  NODE_COLLECTORS,
  POSTGRES_ANSWER_MODULE,
  renderBlackboxConfig,
  startExporters,
  TCP_CONNECT_MODULE,
} from './exporters';
export type { ExporterOptions, RunningExporters } from './exporters';
