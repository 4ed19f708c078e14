import { DataSource } from 'typeorm';
import { Song } from './entities/song.entity';
import { SongInstrument } from './entities/song-instrument.entity';
import { InvalidObject } from './entities/invalid-object.entity';
import { ExtractionJob } from './entities/extraction-job.entity';
import { Catalog1764000000000 } from '../migrations/1764000000000-catalog';
import { SongsExtractedAt1764100000000 } from '../migrations/1764100000000-songs-extracted-at';

export const CATALOG_ENTITIES = [Song, SongInstrument, InvalidObject, ExtractionJob];
export const CATALOG_MIGRATIONS = [Catalog1764000000000, SongsExtractedAt1764100000000];

export interface CatalogConnectionOptions {
  /** Connections in the pool; one per concurrent worker plus a little headroom. */
  poolSize?: number;
  applicationName?: string;
}

export function createCatalogDataSource(url: string, options: CatalogConnectionOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: CATALOG_ENTITIES,
    migrations: CATALOG_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? 'scale',
    extra: {
      max: options.poolSize ?? 10,
      // Without these a dead server makes queries hang instead of failing fast and being retried.
      connectionTimeoutMillis: 5_000,
      query_timeout: 60_000,
      keepAlive: true,
    },
  });
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_246_001;

/**
 * Applies pending migrations. Several extractor processes may start at once, so they take turns
 * under an advisory lock instead of racing to create the same tables.
 */
export async function migrateCatalog(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
