import { isMainThread } from 'node:worker_threads';
import { trace, type Tracer } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { loadEnvironment } from '@scale/config';
import { buildVersion } from '../build-version';
import { instrumentationsFor, type TracedLibrary } from './instrumentations';
import { resourceAttributes, type ServiceName } from './resource-attributes';
import { requestScopeEntry } from './request-scope';
import { flushSentry, initSentry } from './sentry';
import { samplerFromEnv } from './sampler-from-env';
import { traceHttpServers, type ServerTracing } from './server-spans';
import { SPAN_LIMITS } from './span-pipeline';
import { requestSpanWriter, tracesExportConfigured } from './trace-export';
import { PooledIdGenerator } from './trace-ids';
import { processResource } from './process-resource';
import { spanBatchExporter } from './span-records/export-thread';
import { useRequestTracers } from './span-records/request-tracer';
import { batchSettingsFromEnv, SpanRecordExport } from './span-records/span-record-export';
import { SpanRecordTracer } from './span-records/span-record-tracer';

let sdk: NodeSDK | undefined;
let records: SpanRecordExport | undefined;
let stopServerSpans: (() => void) | undefined;

/** OTEL_SDK_DISABLED as the specification reads it: only "true", in any case, disables. */
export function sdkDisabled(env: NodeJS.ProcessEnv): boolean {
  return (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true';
}

/**
 * Starts OpenTelemetry (and Sentry beside it) for one of our programs. Runs from the program's
 * `instrument` entry, loaded with `node --import` before anything else, so that the libraries the
 * program names in `libraries` are patched before it loads them. Standard `OTEL_*` variables decide
 * export and sampling (parent-based, always on, unless OTEL_TRACES_SAMPLER says otherwise);
 * OTEL_SDK_DISABLED=true turns tracing off, and then nothing is patched at all.
 */
export function startTelemetry(
  service: ServiceName,
  libraries: readonly TracedLibrary[],
  env: NodeJS.ProcessEnv = process.env,
): void {
  // A worker thread of the program (the span export's, say) is traced by the program, not by itself.
  if (!isMainThread) return;
  const environment = loadEnvironment(env);
  const identity = {
    service,
    version: buildVersion(),
    group: environment.SCALE_GROUP,
    zone: environment.SCALE_ZONE,
    deploymentEnvironment: environment.DEPLOYMENT_ENVIRONMENT,
  };
  // The server spans consult the provider's sampler and id generator themselves (server-spans.ts).
  const tracing = sdkDisabled(env) ? undefined : { sampler: samplerFromEnv(env), ids: new PooledIdGenerator() };
  let tracer: Tracer | undefined;
  if (tracing) {
    const resource = processResource(resourceAttributes(identity), env);
    sdk = new NodeSDK({
      sampler: tracing.sampler,
      idGenerator: tracing.ids,
      resource,
      autoDetectResources: false,
      instrumentations: instrumentationsFor(libraries, env),
      spanLimits: SPAN_LIMITS,
      // Metrics are Prometheus's, from prom-client; logs are pino's JSON lines. OpenTelemetry carries
      // traces only, so instrumentations do not also record metrics on every request.
      metricReaders: [],
      logRecordProcessors: [],
      // Without an exporter the SDK would register no tracer at all; spans are wanted anyway for the
      // trace ids on log lines, exemplars and Sentry events.
      ...(tracesExportConfigured(env) ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    });
    sdk.start();
    const writer = requestSpanWriter(env);
    if (writer === 'records') {
      records = new SpanRecordExport(spanBatchExporter(), resource, batchSettingsFromEnv(env));
    }
    const recordTracer = (name: string, version?: string): Tracer => {
      const index = records?.addScope(name, version) ?? 0;
      return new SpanRecordTracer({ sink: records, index, limits: SPAN_LIMITS }, tracing.sampler, tracing.ids);
    };
    useRequestTracers(writer === 'sdk' ? undefined : recordTracer);
    tracer =
      writer === 'sdk'
        ? trace.getTracer('@scale/telemetry', identity.version)
        : recordTracer('@scale/telemetry', identity.version);
  }
  const sentry = initSentry({ dsn: environment.SENTRY_DSN, spotlight: environment.SENTRY_SPOTLIGHT }, identity);
  const server: ServerTracing | undefined = tracing && tracer && { ...tracing, tracer };
  if (server || sentry) stopServerSpans = traceHttpServers({ tracing: server, perRequest: requestScopeEntry() });
}

/** Sends what is still buffered (spans, Sentry events); called on the way out. */
export async function shutdownTelemetry(timeoutMs = 2_000): Promise<void> {
  stopServerSpans?.();
  stopServerSpans = undefined;
  const pending = [sdk?.shutdown(), records?.shutdown()];
  sdk = undefined;
  records = undefined;
  useRequestTracers(undefined);
  await Promise.race([
    Promise.all([...pending, flushSentry(timeoutMs)]),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}
