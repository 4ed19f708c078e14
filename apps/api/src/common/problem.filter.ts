import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { errorMessage, isConnectionFailure } from '@scale/catalog';
import { captureServerError, countErrorEvent, type Logger } from '@scale/observability';
import type { Registry } from 'prom-client';

interface HttpResponse {
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  json(body: unknown): void;
  headersSent?: boolean;
}

/**
 * Every error leaves as an RFC 9457 problem document: status, a title, and a detail naming what
 * was wrong. Nothing internal (stack, SQL) reaches the client; unexpected errors are logged whole
 * and reported to Sentry, with the trace they happened in.
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
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let detail = 'the server failed to answer this request; it has been logged';
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      detail = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
    } else if (isDatabaseError(exception) && isConnectionFailure(exception)) {
      // Not the client's fault and not a bug: the catalog is unreachable. Clients may retry.
      status = HttpStatus.SERVICE_UNAVAILABLE;
      detail = `the catalog database is unavailable (${errorMessage(exception)}); try again shortly`;
    }
    if (status >= 500) {
      this.logger.error({ err: exception, method: request.method, url: request.url }, 'request failed');
      captureServerError(exception, { method: request.method, route: request.route?.path });
      countErrorEvent(this.metrics, 'http_5xx');
    }
    if (response.headersSent) return;
    response
      .status(status)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: titleOf(status), status, detail });
  }
}

/** Errors from the pg driver or TypeORM, as opposed to bugs of our own. */
function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'QueryFailedError' || error.name === 'DriverException' || 'code' in error || /connect|terminat|timeout/i.test(error.message);
}

function titleOf(status: number): string {
  const titles: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 503: 'Service Unavailable' };
  return titles[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
