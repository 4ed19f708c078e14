import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { allowedMethods, isRouteNotFound, PROBLEM_JSON, type RoutedRequest } from '@scale/http-contract';
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
  setHeader(name: string, value: string): unknown;
  end(): void;
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
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
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
    const request = http.getRequest<RoutedRequest & { route?: { path?: string } }>();
    const routeMissed = isRouteNotFound(exception, request) && !response.headersSent;
    if (routeMissed && this.methodNotAllowed(request, response)) return;
    const { status, detail, ...extra } =
      exception instanceof HttpException
        ? httpExceptionProblem(exception)
        : (bodyParserProblem(exception) ?? this.options.problemOf(exception));
    if (status >= 500) {
      this.options.logger.error({ err: exception, method: request.method, url: request.url }, 'request failed');
      if (this.options.reportsToSentry(status)) {
        captureServerError(exception, { method: request.method, route: request.route?.path, url: request.url });
      }
      countErrorEvent(this.options.metrics, 'http_5xx');
    }
    if (response.headersSent) return;
    response
      .status(status)
      .type(PROBLEM_JSON)
      .json({
        type: 'about:blank',
        title: TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error'),
        status,
        detail,
        ...extra,
      });
  }

  /** A path some route serves, asked with a method none does: OPTIONS lists them, anything else is a 405. */
  private methodNotAllowed(request: RoutedRequest, response: HttpResponse): boolean {
    const allowed = allowedMethods(request);
    if (allowed.length === 0) return false;
    response.setHeader('Allow', allowed.join(', '));
    if (request.method === 'OPTIONS') {
      response.status(204).end();
      return true;
    }
    response
      .status(405)
      .type(PROBLEM_JSON)
      .json({
        type: 'about:blank',
        title: TITLES[405],
        status: 405,
        detail: `${request.method} is not served at this path; it serves ${allowed.join(', ')}`,
      });
    return true;
  }
}

/**
 * Express' body parser refuses a body before any route sees it (too large, not JSON, a charset it cannot
 * read) with an http-errors error whose status and message are meant for the client (`expose`).
 */
function bodyParserProblem(exception: unknown): Problem | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { status, expose, message } = exception as { status?: unknown; expose?: unknown; message?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return null;
  return { status, detail: typeof message === 'string' ? message : 'the request body was refused' };
}

function httpExceptionProblem(exception: HttpException): Problem {
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  return {
    status: exception.getStatus(),
    detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
  };
}
