import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { errorMessage, isConnectionFailure } from '@scale/catalog';
import { captureServerError, countErrorEvent, type Logger } from '@scale/observability';
import type { Registry } from 'prom-client';
import { ClusterDriverError } from '../drivers/driver';
import { runnerProblem } from '../http/runner-problems';
import { PrometheusQueryError, PrometheusUnreachableError } from '../probes/prometheus-errors';

interface HttpResponse {
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  json(body: unknown): void;
  headersSent?: boolean;
}

/**
 * The runner's last word on an error: an RFC 9457 problem document with a detail naming what was
 * wrong. The domain's errors read as the HTTP layer says they do (runnerProblem); an unreachable
 * cluster, Prometheus or database is a 503 saying which (the client may retry); anything else is a
 * bug, logged whole, reported to Sentry and counted, and never shown to the client.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Registry,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<HttpResponse>();
    const request = http.getRequest<{ method: string; url: string; route?: { path?: string } }>();
    const { status, detail, ...extra } = this.problemOf(exception);
    if (status >= 500) {
      this.logger.error({ err: exception, method: request.method, url: request.url }, 'request failed');
      if (status === HttpStatus.INTERNAL_SERVER_ERROR) captureServerError(exception, { method: request.method, route: request.route?.path });
      countErrorEvent(this.metrics, 'http_5xx');
    }
    if (response.headersSent) return;
    response
      .status(status)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: titleOf(status), status, detail, ...extra });
  }

  private problemOf(exception: unknown): { status: number; detail: string; [field: string]: unknown } {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return { status: exception.getStatus(), detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message) };
    }
    if (exception instanceof Error) {
      const problem = runnerProblem(exception);
      if (problem) {
        const { status, detail, errors } = problem;
        return { status, detail, ...(errors && { errors }) };
      }
    }
    if (exception instanceof ClusterDriverError || exception instanceof PrometheusUnreachableError) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, detail: exception.message };
    }
    if (exception instanceof PrometheusQueryError) return { status: HttpStatus.BAD_GATEWAY, detail: exception.message };
    if (isDatabaseError(exception) && isConnectionFailure(exception)) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, detail: `the runner's database is unavailable (${errorMessage(exception)}); try again shortly` };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'the runner failed to answer this request; it has been logged' };
  }
}

/** Errors from the pg driver or TypeORM, as opposed to bugs of our own. */
function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'QueryFailedError' || error.name === 'DriverException' || 'code' in error;
}

function titleOf(status: number): string {
  const titles: Record<number, string> = {
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
  return titles[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
