import { ApiException } from '@kubernetes/client-node';
import { ClusterDriverError } from '../driver';

/**
 * A failed API call as a ClusterDriverError that says what was asked and the API server's own
 * reason (its Status message), with the HTTP status so a revert can tell "gone" (404) from a refusal.
 */
export function kubeError(error: unknown, what: string): ClusterDriverError {
  if (error instanceof ClusterDriverError) return error;
  if (error instanceof ApiException) {
    const code = (error as ApiException<unknown>).code;
    const reason = statusMessage((error as ApiException<unknown>).body) ?? `HTTP ${code}`;
    const hint = HINTS[code] ? ` (${HINTS[code]})` : '';
    return new ClusterDriverError(`the Kubernetes API server refused to ${what} (${code}): ${reason}${hint}`, code);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ClusterDriverError(`the Kubernetes API server could not be asked to ${what}: ${message}`);
}

const HINTS: Record<number, string> = {
  403: "the runner's ServiceAccount lacks the right",
  429: 'a PodDisruptionBudget allows no more disruption now',
};

/** The `message` of a v1 Status body, whether the client parsed it or kept it as text. */
export function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim().slice(0, 300) || undefined;
    }
  }
  if (typeof parsed === 'object' && parsed !== null && 'message' in parsed) return String(parsed.message);
  return undefined;
}

/** Runs a call, turning its failure into a ClusterDriverError about `what`. */
export async function asking<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw kubeError(error, what);
  }
}
