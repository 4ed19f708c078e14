import type { ObjectStoreRequestListener } from '@scale/storage';
import { Histogram, Registry } from 'prom-client';

/** From a few milliseconds (a small object nearby) to the SDK's 30-second request timeout and its retries. */
const STORE_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** `scale_object_store_request_duration_seconds`, fed by the object store's request listener. */
export function objectStoreRequestMetrics(registry: Registry): ObjectStoreRequestListener {
  const histogram = new Histogram<'operation' | 'outcome'>({
    name: 'scale_object_store_request_duration_seconds',
    help: 'Duration of requests to the object store, by S3 operation (GetObject, ListObjectsV2, ...) and outcome: ok, or error (a store failure).',
    labelNames: ['operation', 'outcome'],
    buckets: STORE_SECONDS_BUCKETS,
    registers: [registry],
  });
  return (operation, outcome, seconds) => histogram.observe({ operation, outcome }, seconds);
}
