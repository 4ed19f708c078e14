/**
 * Prometheus did not answer (refused, timed out, failed with a 5xx). For an experiment this is
 * missing evidence, never a pass: abort conditions count it as a breach.
 */
export class PrometheusUnreachableError extends Error {
  override readonly name = 'PrometheusUnreachableError';
}

/** Prometheus answered, and refused the query (bad PromQL, or it failed to execute). */
export class PrometheusQueryError extends Error {
  override readonly name = 'PrometheusQueryError';
}
