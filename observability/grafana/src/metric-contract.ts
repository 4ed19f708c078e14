/**
 * The series the dashboards may query: the metric contract the apps export, plus `up`, which
 * Prometheus writes for every target it scrapes. A query naming anything else shows an empty panel
 * forever, so the tests hold every query to this list.
 */
const COUNTERS_AND_GAUGES = [
  'up',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'process_open_fds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_active_handles_total',
  'scale_build_info',
  'db_client_connection_count',
  'db_client_connection_pending_requests',
  'scale_database_up',
  'scale_error_events_total',
  'scale_extractor_objects_total',
  'scale_extractor_store_errors_total',
  'scale_extractor_read_bytes_total',
  'scale_extractor_queue_jobs',
  'scale_extractor_oldest_job_age_seconds',
  'scale_similarity_index_songs',
  'scale_similarity_index_staleness_seconds',
] as const;

const HISTOGRAMS = [
  'nodejs_gc_duration_seconds',
  'http_server_request_duration_seconds',
  'db_client_operation_duration_seconds',
  'scale_extractor_job_duration_seconds',
  'scale_object_store_request_duration_seconds',
  'scale_similarity_query_duration_seconds',
] as const;

/** Every series name the contract promises, a histogram counting as its three series. */
export const KNOWN_METRICS: ReadonlySet<string> = new Set([
  ...COUNTERS_AND_GAUGES,
  ...HISTOGRAMS.flatMap((histogram) => [`${histogram}_bucket`, `${histogram}_sum`, `${histogram}_count`]),
]);
