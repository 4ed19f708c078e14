import pg, { type Pool } from 'pg';
import type { AfterQueryEvent, BeforeQueryEvent, DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { ObservedDatabase } from '@scale/telemetry';
import { sqlOperationName } from './sql-operation';

type OperationListener = (operation: string, seconds: number) => void;

/**
 * Times every statement the data source runs. TypeORM's own `executionTime` is whole
 * milliseconds, and most catalog statements take less than one, so the subscriber keeps its own
 * clock per query runner (a runner runs one statement at a time; `dataSource.query` takes a fresh
 * runner for each).
 */
class StatementTimer implements EntitySubscriberInterface {
  private readonly started = new WeakMap<QueryRunner, number>();

  constructor(private readonly listener: OperationListener) {}

  beforeQuery(event: BeforeQueryEvent<unknown>): void {
    this.started.set(event.queryRunner, performance.now());
  }

  /** Failed statements count too: a statement that timed out is the slowest of all. */
  afterQuery(event: AfterQueryEvent<unknown>): void {
    const started = this.started.get(event.queryRunner);
    if (started === undefined) return;
    this.started.delete(event.queryRunner);
    this.listener(sqlOperationName(event.query), (performance.now() - started) / 1000);
  }
}

export interface CatalogObservationOptions {
  /** How long the probe may take to connect, and then to answer, before the database counts as down. */
  readonly probeTimeoutMs?: number;
}

/**
 * The catalog's database client as the database metrics see it (`createDatabaseMetrics` in
 * @scale/telemetry): statement timings, the pg pool behind the initialized data source, and a
 * probe.
 *
 * The probe opens a connection of its own rather than borrowing one from the pool: a pool busy with
 * slow statements would make it wait and report a healthy database down, and a fresh connection also
 * finds out at once that the server is gone, where pooled connections only learn it when used.
 */
export function observeCatalog(dataSource: DataSource, options: CatalogObservationOptions = {}): ObservedDatabase {
  const timeoutMs = options.probeTimeoutMs ?? 1_500;
  const pool = (): Pool | undefined =>
    dataSource.isInitialized ? ((dataSource.driver as PostgresDriver).master as Pool | undefined) : undefined;
  let probing: Promise<boolean> | null = null;
  return {
    connections() {
      const current = pool();
      if (!current) return undefined;
      return { idle: current.idleCount, used: current.totalCount - current.idleCount, pending: current.waitingCount };
    },
    probe() {
      const current = pool();
      if (!current) return Promise.resolve(false);
      // Concurrent scrapes share one probe.
      probing ??= probeOnce(current, timeoutMs).finally(() => {
        probing = null;
      });
      return probing;
    },
    onOperation(listener) {
      // After initialize(), which replaces the subscriber list with the configured ones.
      dataSource.subscribers.push(new StatementTimer(listener));
    },
  };
}

/** Connects with the pool's own settings, runs `select 1`, disconnects; false on any failure or timeout. */
async function probeOnce(pool: Pool, timeoutMs: number): Promise<boolean> {
  // pg keeps the password out of the options' enumerable keys, so it is copied by name.
  const client = new pg.Client({
    ...pool.options,
    password: pool.options.password,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A connection that breaks after the answer must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    client.end().catch(() => undefined);
  }
}
