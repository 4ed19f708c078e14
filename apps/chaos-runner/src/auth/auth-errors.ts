/** No token, a token in another scheme, or a token nobody was given: 401. */
export class CredentialsRequiredError extends Error {
  override readonly name = 'CredentialsRequiredError';
  constructor(readonly reason: 'missing' | 'unknown') {
    super(
      reason === 'missing'
        ? 'this endpoint needs a bearer token (Authorization: Bearer <token>)'
        : 'the bearer token is not one this runner knows',
    );
  }
}

/** A known token that may only read, on an endpoint that changes something: 403. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
  constructor(readonly actor: string) {
    super(
      `the token "${actor}" is read-only; starting, aborting, halting and releasing need a read-write token (RUNNER_TOKENS)`,
    );
  }
}
