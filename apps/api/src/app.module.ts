import { DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '@scale/catalog';
import { ConfigModule, Environment } from '@scale/config';
import {
  buildVersion,
  createDatabaseMetrics,
  createMetricsRegistry,
  LoggerModule,
  MetricsModule,
  type Logger,
} from '@scale/telemetry';
import { HealthModule } from './health/health.module';
import { InstrumentsModule } from './instruments/instruments.module';
import { SongsModule } from './songs/songs.module';
import { WebModule } from './web/web.module';

export interface AppModuleOptions {
  readonly environment: Environment;
  readonly databaseUrl: string;
  readonly logger: Logger;
}

@Module({})
export class AppModule {
  static forRoot({ environment, databaseUrl, logger }: AppModuleOptions): DynamicModule {
    const registry = createMetricsRegistry({
      service: 'scale-api',
      group: environment.SCALE_GROUP,
      zone: environment.SCALE_ZONE,
      version: buildVersion(),
    });
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(environment),
        LoggerModule.forRoot(logger),
        MetricsModule.forRoot(registry),
        CatalogModule.forRoot({
          url: databaseUrl,
          poolSize: 10,
          applicationName: 'scale-api',
          logger,
          observe: (database) => createDatabaseMetrics(registry, database),
        }),
        SongsModule,
        InstrumentsModule,
        HealthModule,
        WebModule,
      ],
    };
  }
}
