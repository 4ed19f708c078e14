import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { connectWithRetry, observeCatalog } from '@scale/catalog';
import type { ObservedDatabase } from '@scale/telemetry';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createRunnerDataSource, migrateRunner } from './runner-data-source';

export interface RunnerDatabaseOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Called once connected, for the database metrics. */
  readonly observe?: (database: ObservedDatabase) => void;
}

/** The runner's own database, connected (waiting for it if need be) and migrated before the app starts. */
@Global()
@Module({})
export class RunnerDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: RunnerDatabaseOptions): DynamicModule {
    return {
      module: RunnerDatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createRunnerDataSource(options.url);
            await connectWithRetry(dataSource, options.logger);
            const applied = await migrateRunner(dataSource);
            if (applied.length > 0) options.logger.info({ migrations: applied }, 'runner database migrated');
            options.observe?.(observeCatalog(dataSource));
            return dataSource;
          },
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
