/** An embedded server (Postgres or the local S3 server) could not be started or stopped. */
export class EmbeddedServerError extends Error {
  override readonly name = 'EmbeddedServerError';
}
