import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createCatalogDataSource, migrateCatalog } from './data-source';
import { ExtractionQueueRepository } from './extraction-queue.repository';
import { ExtractionResultsRepository } from './extraction-results.repository';
import { CatalogSummaryRepository } from './catalog-summary.repository';
import { DeletedObjectsRepository } from './deleted-objects.repository';
import { connectWithRetry } from './connect';
import type { Logger } from 'pino';
import type { ObservedDatabase } from '@scale/telemetry';
import { observeCatalog } from './observed-catalog';

export interface CatalogModuleOptions {
  readonly url: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
  readonly logger: Logger;
  /** Called once connected with the client's timings, pool and probe, for the database metrics. */
  readonly observe?: (database: ObservedDatabase) => void;
}

export const CATALOG_OPTIONS = Symbol('CATALOG_OPTIONS');

/** The catalog database: connected (waiting for it if it is down) and migrated before the app starts. */
@Module({})
export class CatalogModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: CatalogModuleOptions): DynamicModule {
    return {
      module: CatalogModule,
      global: true,
      providers: [
        { provide: CATALOG_OPTIONS, useValue: options },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createCatalogDataSource(options.url, options);
            await connectWithRetry(dataSource, options.logger);
            const applied = await migrateCatalog(dataSource);
            if (applied.length > 0) options.logger.info({ migrations: applied }, 'catalog migrated');
            options.observe?.(observeCatalog(dataSource));
            return dataSource;
          },
        },
        {
          provide: ExtractionQueueRepository,
          useFactory: (ds: DataSource) => new ExtractionQueueRepository(ds),
          inject: [DataSource],
        },
        {
          provide: ExtractionResultsRepository,
          useFactory: (ds: DataSource) => new ExtractionResultsRepository(ds),
          inject: [DataSource],
        },
        {
          provide: CatalogSummaryRepository,
          useFactory: (ds: DataSource) => new CatalogSummaryRepository(ds),
          inject: [DataSource],
        },
        {
          provide: DeletedObjectsRepository,
          useFactory: (ds: DataSource) => new DeletedObjectsRepository(ds),
          inject: [DataSource],
        },
      ],
      exports: [
        DataSource,
        ExtractionQueueRepository,
        ExtractionResultsRepository,
        CatalogSummaryRepository,
        DeletedObjectsRepository,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
