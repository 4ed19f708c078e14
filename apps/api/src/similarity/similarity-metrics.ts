import { exemplarHistogram } from '@scale/telemetry';
import { Gauge, Histogram, Registry } from 'prom-client';

/** What the index gauges read when scraped. */
export interface IndexState {
  songs(): number;
  stalenessSeconds(): number;
  rarityDrift(): number;
}

export interface SimilarityMetrics {
  readonly queries: Histogram;
  /** Background rebuilds of the lists, from start to swap. */
  readonly rebuilds: Histogram;
}

/** A query reads a few posting lists: tens of microseconds, a few milliseconds for the worst. */
const QUERY_SECONDS_BUCKETS = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
];

/** A rebuild files each distinct set once in slices: some 100–300 ms at Lakh size, longer on a busy loop. */
const REBUILD_SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The in-memory similarity index, for Prometheus: how long its queries take, how many songs it
 * holds, how far behind the catalog it may be, how far its instrument order has drifted from the
 * real rarity, and how long the rebuilds that correct it take.
 */
export function createSimilarityMetrics(registry: Registry, index: IndexState): SimilarityMetrics {
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
  new Gauge({
    name: 'scale_similarity_index_rarity_drift_ratio',
    help: 'Share of instrument memberships the index files at the wrong rarity rank (0 = the true order, 1 = all); a background rebuild starts past a threshold.',
    registers: [registry],
    collect() {
      this.set(index.rarityDrift());
    },
  });
  const rebuilds = new Histogram({
    name: 'scale_similarity_index_rebuild_duration_seconds',
    help: 'Duration of background rebuilds of the similarity index in the current rarity order, from start to swap.',
    buckets: REBUILD_SECONDS_BUCKETS,
    registers: [registry],
  });
  const queries = exemplarHistogram(registry, {
    name: 'scale_similarity_query_duration_seconds',
    help: 'Duration of similar-song queries answered from the in-memory index.',
    buckets: QUERY_SECONDS_BUCKETS,
  });
  return { queries, rebuilds };
}
