import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { addDatabaseBreadcrumb } from './breadcrumbs';

/**
 * The libraries a program calls whose calls become spans: each program names its own in its
 * `instrument` entry, so nothing it does not use is patched. Incoming requests are not among them:
 * `traceHttpServers` makes the server spans, and NestJS's instrumentation, which wraps every request in
 * two spans and a context at any sampling rate, is not used.
 */
export type TracedLibrary = 'pg' | 'aws-sdk' | 'undici' | 'http-client';

const INSTRUMENTATIONS: Record<TracedLibrary, () => Instrumentation> = {
  pg: () =>
    new PgInstrumentation({
      // Pool maintenance and the extractor's idle polling are not anybody's request.
      requireParentSpan: true,
      ignoreConnectSpans: true,
      requestHook: (_span, { query }) => addDatabaseBreadcrumb(query.text),
    }),
  'aws-sdk': () => new AwsInstrumentation(),
  undici: () => new UndiciInstrumentation(),
  // The client side of node:http, under the AWS SDK's spans: it carries traceparent to the store.
  'http-client': () => new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
};

/** The package name each library's instrumentation goes by, as OTEL_NODE_DISABLED_INSTRUMENTATIONS names it. */
const PACKAGE_NAMES: Record<TracedLibrary, string> = {
  pg: 'pg',
  'aws-sdk': 'aws-sdk',
  undici: 'undici',
  'http-client': 'http',
};

/**
 * The instrumentations of `libraries`, less those OTEL_NODE_DISABLED_INSTRUMENTATIONS names (the
 * variable of upstream's auto-instrumentations, with the same names: `pg,http`). Constructing one
 * patches its module, so only these are constructed, and none when the SDK is disabled.
 */
export function instrumentationsFor(libraries: readonly TracedLibrary[], env: NodeJS.ProcessEnv): Instrumentation[] {
  const disabled = new Set((env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? '').split(',').map((name) => name.trim()));
  return libraries
    .filter((library) => !disabled.has(PACKAGE_NAMES[library]))
    .map((library) => INSTRUMENTATIONS[library]());
}
