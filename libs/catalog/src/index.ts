export { Song } from './entities/song.entity';
export { SongInstrument } from './entities/song-instrument.entity';
export { InvalidObject } from './entities/invalid-object.entity';
export { ExtractionJob } from './entities/extraction-job.entity';
export {
  createCatalogDataSource,
  createPostgresDataSource,
  migrateCatalog,
  migrateUnderLock,
  CATALOG_ENTITIES,
  CATALOG_MIGRATIONS,
} from './data-source';
export type { CatalogConnectionOptions, PostgresDataSourceOptions } from './data-source';
export { TITLE_SEARCH_INDEXES } from '../migrations/1764200000000-title-search-trigrams';
export { DRUM_KIT_INSTRUMENT, instrumentCounts } from './instrument-set';
export type { InstrumentCount } from './instrument-set';
export { ExtractionQueueRepository } from './extraction-queue.repository';
export type { ListedObject, ClaimedJob, QueueDepth, FailedJob } from './extraction-queue.repository';
export { ExtractionResultsRepository } from './extraction-results.repository';
export type { ExtractionOutcome, RecordedOutcomes } from './extraction-results.repository';
export { CatalogSummaryRepository } from './catalog-summary.repository';
export type { CatalogSummary } from './catalog-summary.repository';
export { DeletedObjectsRepository } from './deleted-objects.repository';
export type { CompleteListing, RemovedObjects, RemovedRow } from './deleted-objects.repository';
export { CatalogModule, CATALOG_OPTIONS } from './catalog.module';
export type { CatalogModuleOptions } from './catalog.module';
export { connectWithRetry, describeDatabase, errorMessage, isConnectionFailure } from './connect';
export * from './synthetic-catalog';
export { nameInstrument } from './instrument-names';
export type { NamedInstrument } from './instrument-names';
export { sqlOperationName } from './sql-operation';
export { observeCatalog } from './observed-catalog';
export type { CatalogObservationOptions } from './observed-catalog';
