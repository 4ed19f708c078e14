import { ExperimentDocumentError, TargetSelectionError, type DocumentIssue } from '@scale/chaos';
import { AccessDeniedError, CredentialsRequiredError } from '../auth/auth-errors';
import { ExperimentConflictError, ExperimentNotFoundError, RunnerHaltedError } from '../experiments/experiment-errors';
import { SuiteNotFoundError, SuiteRunConflictError, SuiteRunNotFoundError } from '../suites/suite-errors';

/** An RFC 9457 problem, plus the challenge a 401 or 403 must carry (RFC 6750). */
export interface RunnerProblem {
  status: number;
  title: string;
  detail: string;
  /** For an invalid document: every field that is wrong, by its path. */
  errors?: DocumentIssue[];
  authenticate?: string;
}

/** The errors of the runner's domain that are the client's to fix, and how each reads over HTTP. */
export const RUNNER_ERRORS = [
  CredentialsRequiredError,
  AccessDeniedError,
  ExperimentDocumentError,
  TargetSelectionError,
  ExperimentConflictError,
  RunnerHaltedError,
  ExperimentNotFoundError,
  SuiteNotFoundError,
  SuiteRunNotFoundError,
  SuiteRunConflictError,
];

const REALM = 'Bearer realm="scale-chaos-runner"';

export function runnerProblem(error: Error): RunnerProblem | null {
  if (error instanceof CredentialsRequiredError) {
    return {
      status: 401,
      title: 'Unauthorized',
      detail: error.message,
      authenticate: error.reason === 'missing' ? REALM : `${REALM}, error="invalid_token"`,
    };
  }
  if (error instanceof AccessDeniedError) {
    return {
      status: 403,
      title: 'Forbidden',
      detail: error.message,
      authenticate: `${REALM}, error="insufficient_scope"`,
    };
  }
  if (error instanceof ExperimentDocumentError) {
    return error.kind === 'schema'
      ? { status: 400, title: 'Bad Request', detail: error.message, errors: error.issues }
      : { status: 422, title: 'Unprocessable Content', detail: error.message, errors: error.issues };
  }
  // The document is valid, but the cluster as it is cannot satisfy it safely (no match, too large a share).
  if (error instanceof TargetSelectionError) {
    return { status: 422, title: 'Unprocessable Content', detail: error.message };
  }
  // Both are "not now" rather than "never": retry once the group is free or the halt is released.
  if (error instanceof ExperimentConflictError) return { status: 409, title: 'Conflict', detail: error.message };
  if (error instanceof RunnerHaltedError) return { status: 409, title: 'Conflict', detail: error.message };
  if (error instanceof ExperimentNotFoundError) return { status: 404, title: 'Not Found', detail: error.message };
  if (error instanceof SuiteNotFoundError) return { status: 404, title: 'Not Found', detail: error.message };
  if (error instanceof SuiteRunNotFoundError) return { status: 404, title: 'Not Found', detail: error.message };
  if (error instanceof SuiteRunConflictError) return { status: 409, title: 'Conflict', detail: error.message };
  return null;
}
