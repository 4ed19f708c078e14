import { HttpStatus } from '@nestjs/common';
import { errorMessage, isConnectionFailure } from '@scale/catalog';
import { ProblemFilter, type Logger } from '@scale/telemetry';
import type { Registry } from 'prom-client';

/** The API's errors as problem documents; every 5xx is reported to Sentry. */
export function apiProblemFilter(logger: Logger, metrics: Registry): ProblemFilter {
  return new ProblemFilter({ logger, metrics, problemOf, reportsToSentry: (status) => status >= 500 });
}

function problemOf(exception: unknown): { status: number; detail: string } {
  if (isDatabaseError(exception) && isConnectionFailure(exception)) {
    // Not the client's fault and not a bug: the catalog is unreachable. Clients may retry.
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: `the catalog database is unavailable (${errorMessage(exception)}); try again shortly`,
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'the server failed to answer this request; it has been logged',
  };
}

/** Errors from the pg driver or TypeORM, as opposed to bugs of our own. */
function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'QueryFailedError' ||
    error.name === 'DriverException' ||
    'code' in error ||
    /connect|terminat|timeout/i.test(error.message)
  );
}
