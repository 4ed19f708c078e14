import { exemplarHistogram } from '@scale/telemetry';
import { Gauge, Histogram, Registry } from 'prom-client';

/** What the index gauges read when scraped. */
export interface IndexState {
  songs(): number;
  stalenessSeconds(): number;
}

/** A query reads a few posting lists: tens of microseconds, a few milliseconds for the worst. */
const QUERY_SECONDS_BUCKETS = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
];

/**
 * The in-memory similarity index, for Prometheus: how long its queries take, how many songs it
 * holds, and how far behind the catalog it may be.
 */
export function createSimilarityMetrics(registry: Registry, index: IndexState): Histogram {
  new Gauge({
    name: 'scale_similarity_index_songs',
    help: 'Songs in the in-memory similarity index.',
    registers: [registry],
    collect() {
      this.set(index.songs());
    },
  });
  new Gauge({
    name: 'scale_similarity_index_staleness_seconds',
    help: 'Seconds since the similarity index last caught up with the catalog (since start, before its first load); grows while the database is unreachable.',
    registers: [registry],
    collect() {
      this.set(index.stalenessSeconds());
    },
  });
  return exemplarHistogram(registry, {
    name: 'scale_similarity_query_duration_seconds',
    help: 'Duration of similar-song queries answered from the in-memory index.',
    buckets: QUERY_SECONDS_BUCKETS,
  });
}
