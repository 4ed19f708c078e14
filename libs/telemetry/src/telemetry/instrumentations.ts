import type { IncomingMessage } from 'node:http';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { addDatabaseBreadcrumb } from './breadcrumbs';

/**
 * Instrumentations that would drown a trace in spans nobody reads (every file read, DNS lookup and
 * socket), and Express's and its router's, which wrap every middleware in a span and cost more than
 * the request itself (the route template they would add to the server span comes from our HTTP
 * metrics middleware instead; NestJS's spans still show the controller and handler). Off unless
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS names them.
 */
const NOISY = ['fs', 'dns', 'net', 'runtime-node', 'express', 'router'] as const;

/** Probes and scrapes arrive every few seconds; as traces they would only hide the requests. */
const UNTRACED_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

export function autoInstrumentations(env: NodeJS.ProcessEnv): Instrumentation[] {
  const enabled = new Set((env.OTEL_NODE_ENABLED_INSTRUMENTATIONS ?? '').split(',').map((name) => name.trim()));
  const noisyOff = Object.fromEntries(
    NOISY.filter((name) => !enabled.has(name)).map((name) => [
      `@opentelemetry/instrumentation-${name}`,
      { enabled: false },
    ]),
  );
  return getNodeAutoInstrumentations({
    ...noisyOff,
    '@opentelemetry/instrumentation-http': {
      ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]),
    },
    '@opentelemetry/instrumentation-pg': {
      // Pool maintenance and the extractor's idle polling are not anybody's request.
      requireParentSpan: true,
      ignoreConnectSpans: true,
      requestHook: (_span, { query }) => addDatabaseBreadcrumb(query.text),
    },
    // The logger puts trace_id and span_id on each line itself (see logger.ts), and logs are not
    // shipped through OpenTelemetry.
    '@opentelemetry/instrumentation-pino': { enabled: false },
  });
}
