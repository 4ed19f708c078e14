import { DynamicModule, Global, Module } from '@nestjs/common';
import { CatalogModule } from '@scale/catalog';
import { ConfigModule, Environment } from '@scale/config';
import { StorageModule } from '@scale/storage';
import type { Infrastructure } from '@scale/embedded-servers';
import {
  buildVersion,
  createDatabaseMetrics,
  createMetricsRegistry,
  LoggerModule,
  MetricsModule,
  type Logger,
} from '@scale/telemetry';
import { hostname } from 'node:os';
import { EXTRACTOR_SETTINGS, ExtractorSettings } from './tokens';
import { JobsModule } from './jobs/jobs.module';
import { DiscoveryModule } from './discovery/discovery.module';
import { HealthModule } from './health/health.module';
import { objectStoreRequestMetrics } from './jobs/object-store-metrics';

export interface ExtractorModuleOptions {
  readonly environment: Environment;
  readonly infrastructure: Infrastructure;
  readonly logger: Logger;
  /** Service mode serves /healthz and /readyz; one-shot mode has no HTTP side. */
  readonly http: boolean;
}

export function extractorSettings(environment: Environment): ExtractorSettings {
  return {
    bucket: environment.S3_BUCKET,
    prefix: environment.S3_PREFIX,
    workers: environment.EXTRACTOR_CONCURRENCY,
    batchSize: environment.EXTRACTOR_BATCH_SIZE,
    leaseSeconds: environment.EXTRACTOR_LEASE_SECONDS,
    maxBackoffSeconds: environment.EXTRACTOR_MAX_BACKOFF_SECONDS,
    maxObjectBytes: environment.MIDI_MAX_BYTES,
    discoveryIntervalSeconds: environment.DISCOVERY_INTERVAL_SECONDS,
    deletionIntervalSeconds: environment.DISCOVERY_DELETION_INTERVAL_SECONDS,
    processId: `${hostname()}:${process.pid}`,
  };
}

@Global()
@Module({})
class ExtractorSettingsModule {
  static forRoot(settings: ExtractorSettings): DynamicModule {
    return {
      module: ExtractorSettingsModule,
      providers: [{ provide: EXTRACTOR_SETTINGS, useValue: settings }],
      exports: [EXTRACTOR_SETTINGS],
    };
  }
}

@Module({})
export class ExtractorModule {
  static forRoot(options: ExtractorModuleOptions): DynamicModule {
    const { environment, infrastructure, logger } = options;
    const settings = extractorSettings(environment);
    const registry = createMetricsRegistry({
      service: 'scale-extractor',
      group: environment.SCALE_GROUP,
      zone: environment.SCALE_ZONE,
      version: buildVersion(),
    });
    return {
      module: ExtractorModule,
      imports: [
        ConfigModule.forRoot(environment),
        LoggerModule.forRoot(logger),
        MetricsModule.forRoot(registry),
        ExtractorSettingsModule.forRoot(settings),
        CatalogModule.forRoot({
          url: infrastructure.databaseUrl,
          // One connection per worker, plus discovery and health checks.
          poolSize: settings.workers + 2,
          applicationName: 'scale-extractor',
          logger,
          observe: (database) => createDatabaseMetrics(registry, database),
        }),
        StorageModule.forRoot({
          ...infrastructure.s3,
          maxSockets: settings.workers * 2,
          onRequest: objectStoreRequestMetrics(registry),
        }),
        JobsModule,
        DiscoveryModule,
        ...(options.http ? [HealthModule] : []),
      ],
    };
  }
}
