import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { countErrorEvent } from './error-events';
import type { Logger } from './logger';
import { captureServerError } from './telemetry/sentry';

/** What an error becomes for the client: a status, a detail naming what was wrong, and extra fields. */
export interface Problem {
  readonly status: number;
  readonly detail: string;
  readonly [field: string]: unknown;
}

export interface ProblemFilterOptions {
  readonly logger: Logger;
  readonly metrics: Registry;
  /** The app's reading of an error that is not an HttpException. */
  readonly problemOf: (exception: unknown) => Problem;
  /** Which server errors go to Sentry (every one is logged and counted). */
  readonly reportsToSentry: (status: number) => boolean;
}

interface HttpResponse {
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  json(body: unknown): void;
  headersSent?: boolean;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Content',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * Every error leaves as an RFC 9457 problem document: status, a title, and a detail naming what
 * was wrong. Nothing internal (stack, SQL) reaches the client; server errors are logged whole,
 * counted in `scale_error_events_total` and reported to Sentry with the trace they happened in.
 * Each app says what its own errors mean (`problemOf`).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly options: ProblemFilterOptions) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<HttpResponse>();
    const request = http.getRequest<{ method: string; url: string; route?: { path?: string } }>();
    const { status, detail, ...extra } =
      exception instanceof HttpException ? httpExceptionProblem(exception) : this.options.problemOf(exception);
    if (status >= 500) {
      this.options.logger.error({ err: exception, method: request.method, url: request.url }, 'request failed');
      if (this.options.reportsToSentry(status)) {
        captureServerError(exception, { method: request.method, route: request.route?.path });
      }
      countErrorEvent(this.options.metrics, 'http_5xx');
    }
    if (response.headersSent) return;
    response
      .status(status)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error'),
        status,
        detail,
        ...extra,
      });
  }
}

function httpExceptionProblem(exception: HttpException): Problem {
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  return {
    status: exception.getStatus(),
    detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
  };
}
