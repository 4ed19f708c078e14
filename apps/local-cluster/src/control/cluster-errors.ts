/** A request the cluster cannot carry out; the control API answers it with `status`. */
export abstract class ClusterRequestError extends Error {
  abstract readonly status: number;
}

export class UnknownReplicaError extends ClusterRequestError {
  override readonly name = 'UnknownReplicaError';
  readonly status = 404;
  constructor(readonly replicaId: string) {
    super(`id: there is no replica ${JSON.stringify(replicaId)}`);
  }
}

/** The replica is not in a state the request needs (no process to signal, a zone held down). */
export class ReplicaConflictError extends ClusterRequestError {
  override readonly name = 'ReplicaConflictError';
  readonly status = 409;
}

export interface FieldIssue {
  field: string;
  message: string;
}

export class InvalidRequestError extends ClusterRequestError {
  override readonly name = 'InvalidRequestError';
  readonly status = 400;
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '));
  }
}
