/**
 * The series the dashboards may query, and which of their labels the Group, Zone and Service
 * variables filter. A query naming anything else shows an empty panel forever, and one filtering the
 * wrong label shows the wrong thing, so the tests hold every query to this list.
 */

/** The label a dashboard variable filters on a series; a variable left out does not apply to it. */
export interface Scope {
  readonly group?: string;
  readonly zone?: string;
  readonly service?: string;
}

/** What every process exports, and what Prometheus writes per target and per alert: the process's own place. */
const PROCESS: Scope = { group: 'group', zone: 'zone', service: 'service' };
/** The recording rules aggregate by service and group, every zone together. */
const RECORDED: Scope = { group: 'group', service: 'service' };
/**
 * The chaos runner's ledger names the alert's own service and group `alert_service` and `alert_group`
 * (the runner's series carry its own `service` and `group`), and counts no zone.
 */
const LEDGER: Scope = { group: 'alert_group', service: 'alert_service' };
/** An experiment names the group its fault hit; it has no service or zone of its own. */
const EXPERIMENTS: Scope = { group: 'target_group' };
/** The machine's series describe every group and zone at once; on Kubernetes they carry neither. */
const NODE: Scope = {};

const histogram = (name: string) => [`${name}_bucket`, `${name}_sum`, `${name}_count`];

const PROCESS_METRICS = [
  // Prometheus writes `up` for every target it scrapes, and `ALERTS` for every pending or firing alert.
  'up',
  'ALERTS',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'process_open_fds',
  'process_io_read_bytes_total',
  'process_io_write_bytes_total',
  // A process in a container reports its container's memory and writable space (libs/telemetry).
  'container_memory_working_set_bytes',
  'container_spec_memory_limit_bytes',
  'container_oom_events_total',
  'container_fs_usage_bytes',
  'container_fs_limit_bytes',
  // The blackbox exporter's probes carry the probed service's service, group and zone.
  'probe_success',
  'probe_duration_seconds',
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
  ...[
    'nodejs_gc_duration_seconds',
    'http_server_request_duration_seconds',
    'db_client_operation_duration_seconds',
    'scale_extractor_job_duration_seconds',
    'scale_object_store_request_duration_seconds',
    'scale_similarity_query_duration_seconds',
  ].flatMap(histogram),
];

/** The recording-rule contract of observability/prometheus/rules. */
export const RECORDING_RULES = [
  'service_group:http_server_requests:rate1m',
  'service_group:http_server_requests:rate5m',
  'service_group:http_server_request_errors:ratio_rate1m',
  'service_group:http_server_request_errors:ratio_rate5m',
  ...['p50', 'p95', 'p99'].flatMap((q) =>
    ['1m', '5m'].map((window) => `service_group:http_server_request_duration_seconds:${q}_${window}`),
  ),
  'service_group:scale_extractor_objects:rate1m',
  'service_group:scale_extractor_store_errors:rate1m',
  'service_group:scale_extractor_oldest_job_age_seconds:max',
  'service_group:scale_extractor_queue_ready_jobs:sum',
  'service_group:probe_failures:ratio1m',
  ...['slo_availability_errors', 'slo_latency_slow'].flatMap((slo) =>
    ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((window) => `service_group:${slo}:ratio_rate${window}`),
  ),
];

/** The recording rules over the machine's series (observability/prometheus/rules/node.yml). */
export const NODE_RECORDING_RULES = [
  'instance_mountpoint:node_filesystem_used:ratio',
  'instance_device:node_network_errors:ratio_rate2m',
];

/** The node exporter's series (the node exporter of the local stack, kube-prometheus-stack's on Kubernetes). */
const NODE_METRICS = [
  'node_disk_read_bytes_total',
  'node_disk_written_bytes_total',
  'node_disk_io_time_seconds_total',
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'node_filefd_allocated',
  'node_filefd_maximum',
  ...['receive', 'transmit'].flatMap((direction) =>
    ['errs', 'drop', 'packets'].map((counter) => `node_network_${direction}_${counter}_total`),
  ),
  'node_timex_offset_seconds',
  'node_timex_sync_status',
  'node_timex_maxerror_seconds',
  ...NODE_RECORDING_RULES,
];

/** The alert ledger's series (apps/chaos-runner/src/ledger). */
const LEDGER_METRICS = [
  'scale_ledger_alerts_total',
  'scale_ledger_alerts_firing',
  ...histogram('scale_ledger_time_to_resolve_seconds'),
  'scale_ledger_noisy_alerts_total',
  'scale_incidents_total',
  'scale_oncall_mttr_seconds',
  'scale_oncall_mtbf_seconds',
];

/** The experiments' series (apps/chaos-runner/src/experiments/metrics). */
const EXPERIMENT_METRICS = [
  'scale_experiments_total',
  'scale_experiments_running',
  'scale_experiment_verdicts_total',
  'scale_experiment_not_recovered_total',
  'scale_experiment_mttd_seconds',
  'scale_experiment_detection_floor_seconds',
  'scale_experiment_undetected_total',
  'scale_experiment_false_alarms_total',
  'scale_experiment_recovery_seconds',
  'scale_experiment_event_timestamp_seconds',
];

/** Every series name the contract promises, a histogram counting as its three series, with its scope. */
export const METRIC_SCOPES: ReadonlyMap<string, Scope> = new Map([
  ...PROCESS_METRICS.map((name) => [name, PROCESS] as const),
  ...RECORDING_RULES.map((name) => [name, RECORDED] as const),
  ...LEDGER_METRICS.map((name) => [name, LEDGER] as const),
  ...EXPERIMENT_METRICS.map((name) => [name, EXPERIMENTS] as const),
  ...NODE_METRICS.map((name) => [name, NODE] as const),
]);

export const KNOWN_METRICS: ReadonlySet<string> = new Set(METRIC_SCOPES.keys());

/** Every label some series' scope filters: on a series whose scope lacks it, it names something else. */
export const SCOPE_LABELS: ReadonlySet<string> = new Set(
  [PROCESS, RECORDED, LEDGER, EXPERIMENTS].flatMap((scope) => Object.values(scope)),
);
