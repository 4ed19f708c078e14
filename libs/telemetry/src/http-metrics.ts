import { trace } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import type { Histogram } from 'prom-client';
import { observeWithExemplar, spanExemplar } from './exemplars';

interface Request {
  method: string;
  baseUrl?: string;
  route?: { path?: string };
}
interface Response {
  statusCode: number;
  prependListener(event: 'close', listener: () => void): void;
}

/**
 * Times every request from arrival to the end of its response. The route label is the matched
 * route's template (`/api/songs/:id/similar`), never the raw URL, so the label set stays bounded;
 * requests no route matched share `unmatched`. The request's trace, when it is sampled, becomes the
 * observation's exemplar; the span is taken on arrival, where the server span is surely active.
 * (The histogram must come from `createHttpServerHistogram`, which enables exemplars.)
 *
 * The observation is made on `close`, which Node emits once on every response, a tick after `finish`
 * when it was sent and alone when the client went away first: one listener, where `once` on both
 * events added two wrapped listeners (and removed them) on every request. It goes before the other
 * `close` listeners, the server span's end among them, so that the span is named while it records.
 *
 * The route template also names the server span (`GET /api/songs/:id`, with `http.route`), which
 * `traceHttpServers` ends on `close`, after `finish`. That is what the Express instrumentation would
 * do, at the price of a span per middleware on every request.
 */
export function httpMetricsMiddleware(histogram: Histogram<'method' | 'route' | 'status_code'>) {
  return (request: Request, response: Response, next: () => void): void => {
    const started = performance.now();
    const span = trace.getActiveSpan();
    const observe = () => {
      const route = request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : 'unmatched';
      if (route !== 'unmatched' && span?.isRecording()) {
        span.setAttribute(ATTR_HTTP_ROUTE, route);
        span.updateName(`${request.method} ${route}`);
      }
      const seconds = (performance.now() - started) / 1000;
      observeWithExemplar(
        histogram,
        { method: request.method, route, status_code: String(response.statusCode) },
        seconds,
        spanExemplar(span),
      );
    };
    response.prependListener('close', observe);
    next();
  };
}
