import { subscribe } from 'node:diagnostics_channel';
import * as Sentry from '@sentry/node';
import { requestIsolationScope } from './request-scope';

/** How much of a statement a breadcrumb keeps: enough to recognise it, never a whole batch. */
const MAX_STATEMENT_CHARS = 300;

/** A database statement, as Sentry shows it on the way to an error. */
export function addDatabaseBreadcrumb(statement: string): void {
  if (!Sentry.isInitialized()) return;
  requestIsolationScope().addBreadcrumb({
    category: 'query',
    type: 'query',
    message: statement.slice(0, MAX_STATEMENT_CHARS),
  });
}

const LEVELS: Record<number, Sentry.Breadcrumb['level']> = {
  10: 'debug',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

/** A log line, as Sentry shows it on the way to an error. */
export function addLogBreadcrumb(level: number, message: unknown): void {
  if (!Sentry.isInitialized()) return;
  requestIsolationScope().addBreadcrumb({
    category: 'log',
    level: LEVELS[level] ?? 'info',
    message: typeof message === 'string' ? message : undefined,
  });
}

/** An outgoing request's breadcrumb goes to the scope of the request that made it. */
const requestScopes = new WeakMap<object, Sentry.Scope>();

function outgoingBreadcrumb(scope: Sentry.Scope | undefined, method: string, url: string, status?: number): void {
  scope?.addBreadcrumb({
    category: 'http',
    type: 'http',
    level: status === undefined || status >= 500 ? 'error' : status >= 400 ? 'warning' : 'info',
    data: { method, url: url.split('?')[0], ...(status === undefined ? {} : { status_code: status }) },
  });
}

interface HttpClientMessage {
  readonly request: { method: string; protocol: string; host: string; path: string };
  readonly response?: { statusCode?: number };
}
interface UndiciMessage {
  readonly request: { method: string; origin: string | URL; path: string };
  readonly response?: { statusCode: number };
}

let outgoingWatched = false;

/**
 * Outgoing requests as Sentry shows them on the way to an error: node:http's (the AWS SDK's S3
 * calls) and fetch's (undici), from Node's and undici's diagnostics channels. The request's scope is
 * taken when it starts, in its caller's context; its answer arrives in the connection's.
 */
export function addOutgoingRequestBreadcrumbs(): void {
  if (outgoingWatched) return;
  outgoingWatched = true;
  subscribe('http.client.request.start', (message) => {
    requestScopes.set((message as HttpClientMessage).request, requestIsolationScope());
  });
  subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as HttpClientMessage;
    const url = `${request.protocol}//${request.host}${request.path}`;
    outgoingBreadcrumb(requestScopes.get(request), request.method, url, response?.statusCode);
  });
  subscribe('undici:request:create', (message) => {
    requestScopes.set((message as UndiciMessage).request, requestIsolationScope());
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as UndiciMessage;
    outgoingBreadcrumb(
      requestScopes.get(request),
      request.method,
      `${String(request.origin)}${request.path}`,
      response?.statusCode,
    );
  });
  subscribe('undici:request:error', (message) => {
    const { request } = message as UndiciMessage;
    outgoingBreadcrumb(requestScopes.get(request), request.method, `${String(request.origin)}${request.path}`);
  });
}
