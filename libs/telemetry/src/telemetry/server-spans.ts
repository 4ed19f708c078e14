import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import { SpanRecordTracer } from './span-records/span-record-tracer';
import { UnsampledSpanContext, type PooledIdGenerator } from './trace-ids';

/** What Node publishes on `http.server.request.start`, before the server emits `request`. */
interface RequestStart {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
}

const REQUEST_START = 'http.server.request.start';

/** Probes and scrapes arrive every few seconds; as traces they would only hide the requests. */
const UNTRACED_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

/** The SDK's tracer with the sampler and id generator its provider was given. */
export interface ServerTracing {
  readonly tracer: Tracer;
  /** Consulted before the tracer, so that an unsampled request makes no span object at all. */
  readonly sampler: Sampler;
  readonly ids: PooledIdGenerator;
}

export interface ServerSpanOptions {
  /** Makes the server spans; none when tracing is off (the SDK disabled), leaving only `perRequest`. */
  readonly tracing?: ServerTracing;
  /** Work every traced request needs besides its span, run in the request's context: Sentry's scope. */
  readonly perRequest?: () => void;
}

/**
 * The server span of every HTTP request the process serves, from Node's `http.server.request.start`
 * diagnostics channel instead of upstream's HTTP instrumentation, which patches `Server.prototype.emit`
 * and builds every attribute, extracts context and binds the request and response emitters before the
 * sampler runs: ~85 µs a request on the similar-songs endpoint even when nothing is sampled, against
 * the endpoint's ~190 µs of work. Here the sampler decides first, and an unsampled request costs the
 * extraction of its `traceparent` and one context entered, so that its children stay unsampled and
 * its outgoing requests and log lines carry its trace. A channel without subscribers costs nothing.
 *
 * The request's context is entered with `context.attach` rather than `context.with`: the channel is
 * published synchronously just before the server emits `request`, inside the parser's callback, so
 * the framework's handling and every continuation it creates run in it, and it ends with that
 * callback (Node's default async context frames). The route is not known yet: the HTTP metrics middleware names the span once it is.
 */
export function traceHttpServers({ tracing, perRequest }: ServerSpanOptions): () => void {
  const onRequestStart = (message: unknown): void => {
    const { request, response } = message as RequestStart;
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (tracing === undefined) {
      if (!UNTRACED_PATHS.has(path)) perRequest?.();
      return;
    }
    if (UNTRACED_PATHS.has(path)) {
      // Where AsyncLocalStorage runs on async hooks (node --no-async-context-frame), an attached
      // context stays on the socket: a probe on a kept-alive connection must not inherit the last trace.
      context.attach(ROOT_CONTEXT);
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const method = request.method ?? 'GET';
    const span = startServerSpan(tracing, parent, method);
    context.attach(trace.setSpan(parent, span));
    perRequest?.();
    if (!span.isRecording()) return;
    const host = request.headers.host ?? '';
    const colon = host.lastIndexOf(':');
    // One call each rather than an object of them: no object to build and walk on every sampled request.
    span.setAttribute(ATTR_HTTP_REQUEST_METHOD, method);
    span.setAttribute(ATTR_URL_PATH, path);
    span.setAttribute(ATTR_URL_SCHEME, 'encrypted' in request.socket ? 'https' : 'http');
    span.setAttribute(ATTR_SERVER_ADDRESS, colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host);
    span.setAttribute(ATTR_NETWORK_PROTOCOL_VERSION, request.httpVersion);
    if (colon > 0 && !host.endsWith(']')) span.setAttribute(ATTR_SERVER_PORT, Number(host.slice(colon + 1)));
    // `on`, not `once`: Node emits `close` once per response, and `once` would wrap the listener.
    response.on('close', () => endServerSpan(span, response));
  };
  subscribe(REQUEST_START, onRequestStart);
  return () => unsubscribe(REQUEST_START, onRequestStart);
}

const SERVER_SPAN = Object.freeze({ kind: SpanKind.SERVER });
const NO_ATTRIBUTES = Object.freeze({});
const NO_LINKS = Object.freeze([]) as [];

/**
 * The sampler decides first, on the caller's trace id or a new one. An unsampled request gets a
 * non-recording span around an `UnsampledSpanContext`: no SDK span, no span id until one is read, no
 * attributes (building them is the cost an unsampled request must not pay). A sampled one is a span
 * record, or, where the SDK writes the spans, made by the SDK on the trace id the decision was taken on.
 */
function startServerSpan({ tracer, sampler, ids }: ServerTracing, parent: Context, method: string): Span {
  // Span records decide the same way, in their tracer.
  if (tracer instanceof SpanRecordTracer) return tracer.startSpan(method, SERVER_SPAN, parent);
  const caller = trace.getSpanContext(parent);
  const root = caller === undefined || !isSpanContextValid(caller);
  const traceId = root ? ids.generateTraceId() : caller.traceId;
  const { decision, traceState } = sampler.shouldSample(
    parent,
    traceId,
    method,
    SpanKind.SERVER,
    NO_ATTRIBUTES,
    NO_LINKS,
  );
  if (decision === SamplingDecision.NOT_RECORD) {
    return trace.wrapSpanContext(new UnsampledSpanContext(traceId, traceState ?? caller?.traceState, ids));
  }
  if (root) ids.useForNextTrace(traceId);
  try {
    return tracer.startSpan(method, { kind: SpanKind.SERVER }, parent);
  } finally {
    ids.useForNextTrace(undefined);
  }
}

/** `close` follows `finish` on every response, and comes alone when the client went away first. */
function endServerSpan(span: Span, response: ServerResponse): void {
  const status = response.statusCode;
  if (!response.writableFinished) {
    span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'the connection closed before the response ended' });
  } else {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    // A server span's 4xx is the client's error, not the server's (semantic conventions).
    if (status >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  span.end();
}
