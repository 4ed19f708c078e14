import { NodeSDK } from '@opentelemetry/sdk-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { loadEnvironment } from '@scale/config';
import { buildVersion } from '../build-version';
import { autoInstrumentations } from './instrumentations';
import { resourceAttributes, type ServiceName } from './resource-attributes';
import { flushSentry, initSentry } from './sentry';
import { tracesExportConfigured } from './trace-export';

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry (and Sentry beside it) for one of our programs. Runs from the program's
 * `instrument` entry, loaded with `node --import` before anything else, so the HTTP server, the
 * web framework, pg and the AWS SDK are patched before the app loads them. Standard `OTEL_*`
 * variables decide export and sampling (parent-based, always on, unless OTEL_TRACES_SAMPLER says
 * otherwise); OTEL_SDK_DISABLED=true turns tracing off.
 */
export function startTelemetry(service: ServiceName, env: NodeJS.ProcessEnv = process.env): void {
  const environment = loadEnvironment(env);
  const identity = {
    service,
    version: buildVersion(),
    group: environment.SCALE_GROUP,
    zone: environment.SCALE_ZONE,
    deploymentEnvironment: environment.DEPLOYMENT_ENVIRONMENT,
  };
  sdk = new NodeSDK({
    resource: resourceFromAttributes(resourceAttributes(identity)),
    instrumentations: autoInstrumentations(env),
    // Metrics are Prometheus's, from prom-client; logs are pino's JSON lines. OpenTelemetry carries
    // traces only, so instrumentations do not also record metrics on every request.
    metricReaders: [],
    logRecordProcessors: [],
    // Without an exporter the SDK would register no tracer at all; spans are wanted anyway for the
    // trace ids on log lines, exemplars and Sentry events.
    ...(tracesExportConfigured(env) ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
  });
  sdk.start();
  initSentry({ dsn: environment.SENTRY_DSN, spotlight: environment.SENTRY_SPOTLIGHT }, identity);
}

/** Sends what is still buffered (spans, Sentry events); called on the way out. */
export async function shutdownTelemetry(timeoutMs = 2_000): Promise<void> {
  const pending = sdk?.shutdown();
  sdk = undefined;
  await Promise.race([
    Promise.all([pending, flushSentry(timeoutMs)]),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}
