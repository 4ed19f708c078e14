export class SuiteNotFoundError extends Error {
  override readonly name = 'SuiteNotFoundError';
  constructor(
    readonly suite: string,
    known: readonly string[],
  ) {
    super(`no suite named "${suite}"; this runner knows ${known.length ? known.join(', ') : 'none'} (GET /suites)`);
  }
}

export class SuiteRunNotFoundError extends Error {
  override readonly name = 'SuiteRunNotFoundError';
  constructor(readonly id: string) {
    super(`no suite run ${id}`);
  }
}

/** A suite run is already under way: one at a time (HTTP 409). */
export class SuiteRunConflictError extends Error {
  override readonly name = 'SuiteRunConflictError';
}
