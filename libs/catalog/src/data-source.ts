import { DataSource } from 'typeorm';
import { Song } from './entities/song.entity';
import { SongInstrument } from './entities/song-instrument.entity';
import { InvalidObject } from './entities/invalid-object.entity';
import { ExtractionJob } from './entities/extraction-job.entity';
import { Catalog1764000000000 } from '../migrations/1764000000000-catalog';
import { SongsExtractedAt1764100000000 } from '../migrations/1764100000000-songs-extracted-at';
import { TitleSearchTrigrams1764200000000 } from '../migrations/1764200000000-title-search-trigrams';

export const CATALOG_ENTITIES = [Song, SongInstrument, InvalidObject, ExtractionJob];
export const CATALOG_MIGRATIONS = [
  Catalog1764000000000,
  SongsExtractedAt1764100000000,
  TitleSearchTrigrams1764200000000,
];

export interface CatalogConnectionOptions {
  /** Connections in the pool; one per concurrent worker plus a little headroom. */
  poolSize?: number;
  applicationName?: string;
}

export interface PostgresDataSourceOptions extends CatalogConnectionOptions {
  entities: NonNullable<ConstructorParameters<typeof DataSource>[0]['entities']>;
  migrations: NonNullable<ConstructorParameters<typeof DataSource>[0]['migrations']>;
  /** How long a statement may run before the driver gives up on it. */
  queryTimeoutMs: number;
}

/** A pool over our own ordered migrations (never `synchronize`) that fails fast when the server is gone. */
export function createPostgresDataSource(url: string, options: PostgresDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? 'scale',
    extra: {
      max: options.poolSize ?? 10,
      // Without these a dead server makes queries hang instead of failing fast and being retried.
      connectionTimeoutMillis: 5_000,
      query_timeout: options.queryTimeoutMs,
      keepAlive: true,
    },
  });
}

export function createCatalogDataSource(url: string, options: CatalogConnectionOptions = {}): DataSource {
  return createPostgresDataSource(url, {
    ...options,
    entities: CATALOG_ENTITIES,
    migrations: CATALOG_MIGRATIONS,
    queryTimeoutMs: 60_000,
  });
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_246_001;

/**
 * Applies pending migrations. Several extractor processes may start at once, so they take turns
 * under an advisory lock instead of racing to create the same tables.
 */
export function migrateCatalog(dataSource: DataSource): Promise<string[]> {
  return migrateUnderLock(dataSource, MIGRATION_LOCK);
}

/** Applies pending migrations while holding the advisory lock `lock`, so processes starting together take turns. */
export async function migrateUnderLock(dataSource: DataSource, lock: number): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('select pg_advisory_lock($1)', [lock]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('select pg_advisory_unlock($1)', [lock]).catch(() => undefined);
    await runner.release();
  }
}
