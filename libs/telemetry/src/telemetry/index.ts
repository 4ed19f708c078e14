export { startTelemetry, shutdownTelemetry } from './start-telemetry';
export { captureServerError, onUnhandledError } from './sentry';
export { resourceAttributes } from './resource-attributes';
export type { ServiceName, ResourceIdentity } from './resource-attributes';
export { activeTraceIds } from './active-trace';
export { requestTracer } from './span-records/request-tracer';
