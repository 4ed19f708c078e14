import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type Environment } from '@scale/config';
import {
  buildVersion,
  createDatabaseMetrics,
  createMetricsRegistry,
  LoggerModule,
  MetricsModule,
  type Logger,
} from '@scale/telemetry';
import { AuthModule } from './auth/auth.module';
import type { AuthSettings } from './auth/auth-settings';
import { createDriver } from './drivers/create-driver';
import type { ClusterDriver } from './drivers/driver';
import { ExperimentMetricsModule } from './experiments/metrics';
import { ExperimentWindows } from './experiments/experiment-windows';
import { ExperimentsModule } from './experiments/experiments.module';
import { HealthController } from './health/health.controller';
import { RunnerHttpModule } from './runner-http.module';
import { LedgerModule } from './ledger';
import { RunnerDatabaseModule } from './persistence/runner-database.module';
import { RunnerContextModule } from './runner-context.module';
import { SuitesModule } from './suites/suites.module';
import type { RunnerSettings } from './settings/runner-settings';

export interface RunnerModuleOptions {
  readonly environment: Environment;
  readonly settings: RunnerSettings;
  readonly auth: AuthSettings;
  readonly databaseUrl: string;
  readonly logger: Logger;
  /** The cluster to experiment on; by default the one CHAOS_DRIVER names. */
  readonly driver?: ClusterDriver;
}

@Module({})
export class RunnerModule {
  static forRoot({ environment, settings, auth, databaseUrl, logger, driver }: RunnerModuleOptions): DynamicModule {
    // The runner belongs to neither group: a group label of its own keeps its alerts out of both.
    const registry = createMetricsRegistry({
      service: 'scale-chaos-runner',
      group: 'none',
      zone: environment.SCALE_ZONE,
      version: buildVersion(),
    });
    return {
      module: RunnerModule,
      imports: [
        ConfigModule.forRoot(environment),
        LoggerModule.forRoot(logger),
        MetricsModule.forRoot(registry),
        RunnerDatabaseModule.forRoot({
          url: databaseUrl,
          logger,
          observe: (database) => createDatabaseMetrics(registry, database),
        }),
        RunnerContextModule.forRoot(settings, driver ?? createDriver(settings)),
        ExperimentsModule,
        ExperimentMetricsModule,
        LedgerModule.forRoot({
          noiseSeconds: settings.NOISE_SECONDS,
          webhookToken: auth.webhookToken,
          explanationWindows: { useExisting: ExperimentWindows },
          imports: [ExperimentsModule, AuthModule.forRoot(auth)],
        }),
        RunnerHttpModule.forRoot({
          auth,
          engine: ExperimentsModule,
          suites: SuitesModule.forRoot({ directory: settings.RUNNER_SUITES_DIR, engine: ExperimentsModule }),
        }),
      ],
      controllers: [HealthController],
    };
  }
}
