/** Another experiment holds the group, or faults of an earlier one are still not reverted (HTTP 409). */
export class ExperimentConflictError extends Error {
  override readonly name = 'ExperimentConflictError';
}

/** The runner is halted: nothing starts until the halt is released (HTTP 409). */
export class RunnerHaltedError extends Error {
  override readonly name = 'RunnerHaltedError';
}

export class ExperimentNotFoundError extends Error {
  override readonly name = 'ExperimentNotFoundError';
  constructor(readonly id: string) {
    super(`no experiment ${id}`);
  }
}
