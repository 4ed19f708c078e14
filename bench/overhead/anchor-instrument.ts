import type { IncomingMessage } from 'node:http';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import * as Sentry from '@sentry/node';

/*
 * The anchor of bench:overhead: the API instrumented the upstream way, as Scale's previous release
 * did, loaded with `node --import` in place of the API's own instrument entry. OpenTelemetry's
 * auto-instrumentations with their HTTP server instrumentation (Server.prototype.emit patched) and
 * NestJS's, and Sentry with its HTTP integration's per-request isolation scope. The noisy
 * instrumentations stay off, as they were: this is the configuration Scale replaced, not a strawman.
 */
const UNTRACED_PATHS = new Set(['/metrics', '/healthz', '/readyz']);
const off = { enabled: false };

const sdk = new NodeSDK({
  resource: resourceFromAttributes({ 'service.name': 'scale-api', 'service.namespace': 'scale' }),
  instrumentations: getNodeAutoInstrumentations({
    '@opentelemetry/instrumentation-fs': off,
    '@opentelemetry/instrumentation-dns': off,
    '@opentelemetry/instrumentation-net': off,
    '@opentelemetry/instrumentation-runtime-node': off,
    '@opentelemetry/instrumentation-express': off,
    '@opentelemetry/instrumentation-router': off,
    '@opentelemetry/instrumentation-pino': off,
    '@opentelemetry/instrumentation-http': {
      ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]),
    },
    '@opentelemetry/instrumentation-pg': { requireParentSpan: true, ignoreConnectSpans: true },
  }),
  metricReaders: [],
  logRecordProcessors: [],
});
sdk.start();

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: 'scale-api@anchor',
  enableOpenTelemetrySetup: false,
  defaultIntegrations: false,
  integrations: [
    Sentry.openTelemetryIntegration(),
    Sentry.httpIntegration({ spans: false, tracePropagation: false, sessions: false, maxRequestBodySize: 'none' }),
    Sentry.nativeNodeFetchIntegration({ spans: false }),
    Sentry.eventFiltersIntegration(),
    Sentry.functionToStringIntegration(),
    Sentry.linkedErrorsIntegration(),
    Sentry.dedupeIntegration(),
    Sentry.requestDataIntegration(),
    Sentry.systemErrorIntegration(),
    Sentry.consoleIntegration(),
    Sentry.onUncaughtExceptionIntegration(),
    Sentry.onUnhandledRejectionIntegration(),
    Sentry.contextLinesIntegration(),
    Sentry.nodeContextIntegration(),
  ],
});
