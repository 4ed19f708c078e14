import * as Sentry from '@sentry/node';
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
 * Sentry beside our own OpenTelemetry SDK, the way Sentry documents it: Sentry registers no tracer
 * provider of its own (tracing stays with OpenTelemetry and its exporters), and its
 * OpenTelemetry integration attaches every event to the span active when it happened, so an
 * event names the trace it belongs to. Off without a DSN or a Spotlight sidecar.
 */
export function initSentry(settings: SentrySettings, identity: ResourceIdentity): boolean {
  if (!settings.dsn && !settings.spotlight) return false;
  Sentry.init({
    dsn: settings.dsn,
    spotlight: settings.spotlight,
    release: `${identity.service}@${identity.version}`,
    environment: identity.deploymentEnvironment,
    enableOpenTelemetrySetup: false,
    // Only what an error event needs. The defaults also hook every web framework Sentry knows,
    // record sessions and read local variables through the inspector: CPU on every request for
    // nothing an error event shows (bench:overhead measures it). OpenTelemetry already makes the
    // spans and propagates traceparent.
    defaultIntegrations: false,
    integrations: [
      Sentry.openTelemetryIntegration(),
      // Its per-request scope keeps each event's breadcrumbs and request data its own.
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
    initialScope: { tags: { service: identity.service, group: identity.group, zone: identity.zone } },
    beforeSend(event) {
      const unhandled = event.exception?.values?.some((exception) => exception.mechanism?.handled === false) ?? false;
      if (unhandled) for (const listener of unhandledListeners) listener();
      return event;
    },
  });
  return true;
}

/** Reports an error a handler caught but could not answer (a 5xx), with its stack trace. */
export function captureServerError(error: unknown, request: { method: string; route?: string }): void {
  if (!Sentry.isInitialized()) return;
  Sentry.withScope((scope) => {
    scope.setTag('http.request.method', request.method);
    if (request.route) scope.setTag('http.route', request.route);
    Sentry.captureException(error, { mechanism: { type: 'scale.http', handled: true } });
  });
}

export async function flushSentry(timeoutMs: number): Promise<void> {
  if (Sentry.isInitialized()) await Sentry.close(timeoutMs);
}
