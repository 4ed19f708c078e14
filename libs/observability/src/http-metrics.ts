import type { Histogram } from 'prom-client';

interface Request {
  method: string;
  baseUrl?: string;
  route?: { path?: string };
}
interface Response {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): void;
}

/**
 * Times every request from arrival to the end of its response. The route label is the matched
 * route's template (`/api/songs/:id/similar`), never the raw URL, so the label set stays bounded;
 * requests no route matched share `unmatched`.
 */
export function httpMetricsMiddleware(histogram: Histogram<'method' | 'route' | 'status_code'>) {
  return (request: Request, response: Response, next: () => void): void => {
    const started = process.hrtime.bigint();
    let observed = false;
    const observe = () => {
      if (observed) return;
      observed = true;
      const route = request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      histogram.observe({ method: request.method, route, status_code: String(response.statusCode) }, seconds);
    };
    response.once('finish', observe);
    response.once('close', observe);
    next();
  };
}
