/** Why a fetch got no answer, in a few words: "no answer within 5000 ms", "connection refused (is it running?)". */
export function fetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is it running?)';
  if (cause?.code) return cause.message ? `${cause.code}: ${cause.message}` : cause.code;
  return error instanceof Error ? error.message : String(error);
}
