import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { timeseriesPanel, upDownPanel } from './panels';
import { maxBy, minBy, quantile, rate, series, sumBy } from './promql';
import { scaleDashboard } from './scale-dashboard';

const QUANTILES = [0.5, 0.95, 0.99];
const percentile = (q: number) => `p${Math.round(q * 100)}`;

const extractor = {
  title: 'Extractor',
  panels: [
    timeseriesPanel({
      title: 'Objects by outcome',
      description: 'Object versions finished per second, by outcome: song (written), unchanged, invalid, gone.',
      unit: units.OpsPerSecond,
      min: 0,
      queries: [
        {
          expr: sumBy(['group', 'outcome'], rate(series('scale_extractor_objects_total'))),
          legend: '{{group}} · {{outcome}}',
        },
      ],
    }),
    timeseriesPanel({
      title: 'Store errors',
      description: 'Object reads that failed on the store, per second; their jobs go back to the queue with a backoff.',
      unit: units.OpsPerSecond,
      min: 0,
      queries: [{ expr: sumBy(['group'], rate(series('scale_extractor_store_errors_total'))), legend: '{{group}}' }],
    }),
    timeseriesPanel({
      title: 'Bytes read',
      description: 'MIDI bytes read from the object store per second.',
      unit: units.BytesPerSecondSI,
      min: 0,
      queries: [{ expr: sumBy(['group'], rate(series('scale_extractor_read_bytes_total'))), legend: '{{group}}' }],
    }),
    timeseriesPanel({
      title: 'Queue depth by state',
      description: 'Jobs ready for a worker, leased by one, or delayed before a retry.',
      unit: units.Short,
      min: 0,
      queries: [
        { expr: sumBy(['group', 'state'], series('scale_extractor_queue_jobs')), legend: '{{group}} · {{state}}' },
      ],
    }),
    timeseriesPanel({
      title: 'Oldest job age',
      description: 'Age of the oldest job not done yet; 0 when the queue is empty.',
      unit: units.Seconds,
      min: 0,
      queries: [{ expr: maxBy(['group'], series('scale_extractor_oldest_job_age_seconds')), legend: '{{group}}' }],
    }),
    timeseriesPanel({
      title: 'Job duration p50 / p95 / p99',
      description: 'Time the extractor spent on a job, all outcomes together.',
      unit: units.Seconds,
      min: 0,
      queries: QUANTILES.map((q) => ({
        expr: quantile(q, ['group'], series('scale_extractor_job_duration_seconds_bucket')),
        legend: `{{group}} ${percentile(q)}`,
      })),
    }),
    timeseriesPanel({
      title: 'Object store request duration p95 by operation',
      description: 'How long the object store takes to answer, per S3 operation.',
      unit: units.Seconds,
      min: 0,
      width: 12,
      queries: [
        {
          expr: quantile(0.95, ['group', 'operation'], series('scale_object_store_request_duration_seconds_bucket')),
          legend: '{{group}} · {{operation}}',
        },
      ],
    }),
    timeseriesPanel({
      title: 'Object store requests by operation and outcome',
      description: 'Requests to the object store per second; the error outcome counts the failed ones.',
      unit: units.RequestsPerSecond,
      min: 0,
      width: 12,
      queries: [
        {
          expr: sumBy(
            ['group', 'operation', 'outcome'],
            rate(series('scale_object_store_request_duration_seconds_count')),
          ),
          legend: '{{group}} · {{operation}} · {{outcome}}',
        },
      ],
    }),
  ],
};

/** The API's HTTP metrics, without the other services' /metrics and /healthz routes. */
const API = 'service="scale-api"';
const API_REQUESTS = 'http_server_request_duration_seconds';

const api = {
  title: 'API',
  panels: [
    timeseriesPanel({
      title: 'Request rate by route',
      description: 'Requests per second to each route template of the API; `unmatched` is every URL no route knows.',
      unit: units.RequestsPerSecond,
      min: 0,
      width: 12,
      queries: [
        {
          expr: sumBy(['group', 'route'], rate(series(`${API_REQUESTS}_count`, API))),
          legend: '{{group}} · {{route}}',
        },
      ],
    }),
    timeseriesPanel({
      title: 'Latency p95 by route',
      description: 'Request duration p95 of each route template of the API.',
      unit: units.Seconds,
      min: 0,
      width: 12,
      queries: [
        {
          expr: quantile(0.95, ['group', 'route'], series(`${API_REQUESTS}_bucket`, API)),
          legend: '{{group}} · {{route}}',
        },
      ],
    }),
    timeseriesPanel({
      title: 'Similarity query duration p50 / p99',
      description: 'Time to score a song against the index and rank the most similar ones.',
      unit: units.Seconds,
      min: 0,
      queries: [0.5, 0.99].map((q) => ({
        expr: quantile(q, ['group'], series('scale_similarity_query_duration_seconds_bucket')),
        legend: `{{group}} ${percentile(q)}`,
      })),
    }),
    timeseriesPanel({
      title: 'Index songs',
      description: 'Songs in the in-memory similarity index of each API process.',
      unit: units.Short,
      min: 0,
      queries: [
        { expr: maxBy(['group', 'zone'], series('scale_similarity_index_songs')), legend: '{{group}} · {{zone}}' },
      ],
    }),
    timeseriesPanel({
      title: 'Index staleness',
      description: 'Time since the similarity index last refreshed from the catalog; it climbs while refreshes fail.',
      unit: units.Seconds,
      min: 0,
      queries: [
        {
          expr: maxBy(['group', 'zone'], series('scale_similarity_index_staleness_seconds')),
          legend: '{{group}} · {{zone}}',
        },
      ],
    }),
  ],
};

const database = {
  title: 'Database',
  panels: [
    timeseriesPanel({
      title: 'Operation duration p95 by operation',
      description: 'Duration p95 of the database operations each service runs, by SQL operation.',
      unit: units.Seconds,
      min: 0,
      width: 12,
      queries: [
        {
          expr: quantile(
            0.95,
            ['service', 'group', 'db_operation_name'],
            series('db_client_operation_duration_seconds_bucket'),
          ),
          legend: '{{service}} · {{group}} · {{db_operation_name}}',
        },
      ],
    }),
    timeseriesPanel({
      title: 'Connections by state',
      description: 'Pooled connections in use or idle.',
      unit: units.Short,
      min: 0,
      width: 12,
      queries: [
        {
          expr: sumBy(['service', 'group', 'state'], series('db_client_connection_count')),
          legend: '{{service}} · {{group}} · {{state}}',
        },
      ],
    }),
    timeseriesPanel({
      title: 'Pending connection requests',
      description: 'Queries waiting for a free connection: the pool is exhausted while this is above 0.',
      unit: units.Short,
      min: 0,
      width: 12,
      queries: [
        {
          expr: sumBy(['service', 'group'], series('db_client_connection_pending_requests')),
          legend: '{{service}} · {{group}}',
        },
      ],
    }),
    upDownPanel({
      title: 'Database up',
      description: "Whether each service's last probe of the database succeeded.",
      unit: units.NoUnit,
      width: 12,
      queries: [
        {
          expr: minBy(['service', 'group', 'zone'], series('scale_database_up')),
          legend: '{{service}} · {{group}} · {{zone}}',
        },
      ],
    }),
  ],
};

/** Inside the pipeline: the extractor's queue and store, the API's routes and index, the database. */
export function pipelineDashboard(): dashboard.Dashboard {
  return scaleDashboard({
    uid: 'scale-pipeline',
    title: 'Scale / Pipeline',
    description:
      'Extractor, API and database internals, for finding where a deviation on the steady-state dashboard comes from.',
    sections: [extractor, api, database],
  });
}
