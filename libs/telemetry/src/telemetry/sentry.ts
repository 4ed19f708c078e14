import * as Sentry from '@sentry/node';
import { addOutgoingRequestBreadcrumbs } from './breadcrumbs';
import { requestIsolationScope, useScopeStorage } from './request-scope';
import type { ResourceIdentity } from './resource-attributes';

export interface SentrySettings {
  readonly dsn?: string;
  /** A Spotlight sidecar's stream URL: events go there too (or only there, without a DSN). */
  readonly spotlight?: string;
}

type UnhandledListener = () => void;
const unhandledListeners = new Set<UnhandledListener>();

/** Lets the metrics count the errors Sentry saw escape every handler (they do not pass a filter). */
export function onUnhandledError(listener: UnhandledListener): () => void {
  unhandledListeners.add(listener);
  return () => unhandledListeners.delete(listener);
}

/**
 * Sentry for errors only, beside our own OpenTelemetry SDK: Sentry registers no tracer provider and
 * makes no spans, and its OpenTelemetry integration gives every event the trace of the span active
 * when it happened. Nothing of Sentry runs on a request that does not fail except what an error event
 * needs: a scope of its own for the request's breadcrumbs, made when the first one comes
 * (request-scope.ts), and the breadcrumbs themselves (breadcrumbs.ts: queries, log lines, outgoing
 * requests; console output is not one, the programs log with pino). Its HTTP integrations are left out: they wrap each
 * request in a scope with the request's data, record sessions, and bind the request, at ~50 µs a
 * request (bench:overhead); the request's method, URL and route reach the event from
 * `captureServerError` instead. Off without a DSN or a Spotlight sidecar.
 */
export function initSentry(settings: SentrySettings, identity: ResourceIdentity): boolean {
  if (!settings.dsn && !settings.spotlight) return false;
  const client = Sentry.init({
    dsn: settings.dsn,
    spotlight: settings.spotlight,
    release: `${identity.service}@${identity.version}`,
    environment: identity.deploymentEnvironment,
    enableOpenTelemetrySetup: false,
    // It rewrites modules as they load to publish tracing channels for Sentry's spans: none are wanted.
    enableRuntimeChannelInjection: false,
    defaultIntegrations: false,
    integrations: [
      Sentry.openTelemetryIntegration(),
      Sentry.eventFiltersIntegration(),
      Sentry.functionToStringIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
      // The request data captureServerError sets, onto the event.
      Sentry.requestDataIntegration(),
      Sentry.systemErrorIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration(),
      Sentry.contextLinesIntegration(),
      Sentry.nodeContextIntegration(),
    ],
    initialScope: { tags: { service: identity.service, group: identity.group, zone: identity.zone } },
    beforeSend(event) {
      const unhandled = event.exception?.values?.some((exception) => exception.mechanism?.handled === false) ?? false;
      if (unhandled) for (const listener of unhandledListeners) listener();
      return event;
    },
  });
  useScopeStorage(client?.asyncLocalStorageLookup?.asyncLocalStorage as Parameters<typeof useScopeStorage>[0]);
  addOutgoingRequestBreadcrumbs();
  return true;
}

/** Reports an error a handler caught but could not answer (a 5xx), with its stack trace. */
export function captureServerError(error: unknown, request: { method: string; route?: string; url?: string }): void {
  if (!Sentry.isInitialized()) return;
  requestIsolationScope();
  Sentry.withScope((scope) => {
    scope.setTag('http.request.method', request.method);
    if (request.route) scope.setTag('http.route', request.route);
    // The request as Sentry shows it; the query string is left out, as it may carry what users typed.
    scope.setSDKProcessingMetadata({
      normalizedRequest: { method: request.method, url: request.url?.split('?')[0] },
    });
    Sentry.captureException(error, { mechanism: { type: 'scale.http', handled: true } });
  });
}

export async function flushSentry(timeoutMs: number): Promise<void> {
  if (Sentry.isInitialized()) await Sentry.close(timeoutMs);
}
