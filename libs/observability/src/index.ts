export { createLogger, NestPinoLogger } from './logger';
export type { Logger } from './logger';
export { LoggerModule, LOGGER } from './logger.module';
export { createMetricsRegistry, createHttpServerHistogram, REQUEST_SECONDS_BUCKETS } from './metrics';
export type { MetricsIdentity } from './metrics';
export { httpMetricsMiddleware } from './http-metrics';
export { MetricsModule, METRICS_REGISTRY } from './metrics.module';
export { buildVersion } from './build-version';
