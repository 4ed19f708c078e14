import { HttpStatus } from '@nestjs/common';
import { errorMessage, isConnectionFailure } from '@scale/catalog';
import { ProblemFilter, type Logger, type Problem } from '@scale/telemetry';
import type { Registry } from 'prom-client';
import { ClusterDriverError } from '../drivers/driver';
import { runnerProblem } from './runner-problems';
import { PrometheusQueryError, PrometheusUnreachableError } from '../probes/prometheus-errors';

/**
 * The runner's errors as problem documents. The domain's errors read as the HTTP layer says they do
 * (runnerProblem); an unreachable cluster, Prometheus or database is a 503 saying which (the client
 * may retry); anything else is a bug, and only those go to Sentry.
 */
export function runnerProblemFilter(logger: Logger, metrics: Registry): ProblemFilter {
  return new ProblemFilter({
    logger,
    metrics,
    problemOf,
    reportsToSentry: (status) => status === HttpStatus.INTERNAL_SERVER_ERROR,
  });
}

function problemOf(exception: unknown): Problem {
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
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: `the runner's database is unavailable (${errorMessage(exception)}); try again shortly`,
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'the runner failed to answer this request; it has been logged',
  };
}

/** Errors from the pg driver or TypeORM, as opposed to bugs of our own. */
function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'QueryFailedError' || error.name === 'DriverException' || 'code' in error;
}
