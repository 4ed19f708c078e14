import { Gauge, Registry } from 'prom-client';
import { observeWithExemplar } from './exemplars';
import { exemplarHistogram } from './metrics';
import { readWithin } from './scrape-time';

export interface DatabaseConnections {
  readonly idle: number;
  readonly used: number;
  /** Requests waiting for a connection from the pool. */
  readonly pending: number;
}

/** What the database metrics need from a database client (libs/catalog provides it for the catalog). */
export interface ObservedDatabase {
  /** The client pool's connections now; undefined when there is no pool (not connected yet). */
  connections(): DatabaseConnections | undefined;
  /** Whether the database answers a trivial statement now. Settles within its own short timeout; never rejects. */
  probe(): Promise<boolean>;
  /** Calls `listener` when each statement ends, with its operation name (SELECT, INSERT, ...) and its duration. */
  onOperation(listener: (operation: string, seconds: number) => void): void;
}

/** From a tenth of a millisecond (a primary-key lookup) to seconds (a bulk write under load). */
export const DATABASE_SECONDS_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * The OpenTelemetry database client metrics under their Prometheus names, plus `scale_database_up`:
 * statement durations by operation, pool connections by state and waiting requests (read from the
 * pool when scraped), and whether the database answered a probe made during this scrape.
 */
export function createDatabaseMetrics(registry: Registry, database: ObservedDatabase): void {
  const operations = exemplarHistogram(registry, {
    name: 'db_client_operation_duration_seconds',
    help: "Duration of database statements, by operation (the statement's first keyword: SELECT, INSERT, ...).",
    labelNames: ['db_operation_name'],
    buckets: DATABASE_SECONDS_BUCKETS,
  });
  database.onOperation((operation, seconds) =>
    observeWithExemplar(operations, { db_operation_name: operation }, seconds),
  );
  new Gauge({
    name: 'db_client_connection_count',
    help: "Connections in the database client's pool, by state: idle or used.",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const connections = database.connections();
      if (!connections) return;
      this.set({ state: 'idle' }, connections.idle);
      this.set({ state: 'used' }, connections.used);
    },
  });
  new Gauge({
    name: 'db_client_connection_pending_requests',
    help: "Requests waiting for a connection from the database client's pool.",
    registers: [registry],
    collect() {
      const connections = database.connections();
      if (connections) this.set(connections.pending);
    },
  });
  new Gauge({
    name: 'scale_database_up',
    help: 'Whether the database answered the probe made when this was scraped: 1 yes, 0 no (refused, failed or timed out).',
    registers: [registry],
    async collect() {
      this.set((await readWithin(database.probe())) ? 1 : 0);
    },
  });
}
