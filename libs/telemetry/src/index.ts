export { createLogger, NestPinoLogger } from './logger';
export type { Logger } from './logger';
export { LoggerModule, LOGGER } from './logger.module';
export { createMetricsRegistry, createHttpServerHistogram, REQUEST_SECONDS_BUCKETS } from './metrics';
export type { MetricsIdentity } from './metrics';
export { httpMetricsMiddleware } from './http-metrics';
export { MetricsModule, METRICS_REGISTRY } from './metrics.module';
export { buildVersion } from './build-version';
export {
  startTelemetry,
  shutdownTelemetry,
  captureServerError,
  onUnhandledError,
  resourceAttributes,
  activeTraceIds,
  requestTracer,
} from './telemetry';
export type { ServiceName } from './telemetry';
export { exemplarHistogram } from './metrics';
export { activeSpanExemplar, observeWithExemplar, spanExemplar } from './exemplars';
export type { TraceExemplar } from './exemplars';
export { createDatabaseMetrics, DATABASE_SECONDS_BUCKETS } from './database-metrics';
export type { DatabaseConnections, ObservedDatabase } from './database-metrics';
export { EXPOSITION_CONTENT_TYPES, negotiateExposition, renderRegistry, writeExposition } from './exposition';
export type { ExpositionFamily, ExpositionFormat, ExpositionSample } from './exposition';
export { readWithin, sharedRead, SCRAPE_READ_TIMEOUT_MS } from './scrape-time';
export { directoryUsageBytes, EPHEMERAL_STORAGE_LIMIT_VARIABLE } from './container-fs';
export { parseStat } from './container-cpu';
export { countErrorEvent } from './error-events';
export type { ErrorEventKind } from './error-events';
export { ProblemFilter } from './problem-filter';
export type { Problem, ProblemFilterOptions } from './problem-filter';
export { registerComputedFamilies } from './computed-metrics';
export type { ComputedFamily, MetricSample } from './computed-metrics';
