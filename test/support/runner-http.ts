import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, createMetricsRegistry, LoggerModule, MetricsModule } from '@scale/telemetry';
import { DataSource } from 'typeorm';
import { AuthModule } from '../../apps/chaos-runner/src/auth/auth.module';
import { loadAuthSettings } from '../../apps/chaos-runner/src/auth/auth-settings';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '../../apps/chaos-runner/src/auth/persistence';
import { LEDGER_ENTITIES, LEDGER_MIGRATIONS, LedgerModule } from '../../apps/chaos-runner/src/ledger';
import { SUITE_ENTITIES, SUITE_MIGRATIONS } from '../../apps/chaos-runner/src/suites/persistence';
import { SuitesModule } from '../../apps/chaos-runner/src/suites/suites.module';
import { ExperimentsService } from '../../apps/chaos-runner/src/experiments/experiments.service';
import { HaltService } from '../../apps/chaos-runner/src/halt/halt.service';
import { setupRunnerOpenApi } from '../../apps/chaos-runner/src/common/openapi';
import { runnerProblemFilter } from '../../apps/chaos-runner/src/common/problem.filter';
import { RunnerHttpModule } from '../../apps/chaos-runner/src/runner-http.module';
import { createDatabase } from './catalog-database';
import { EngineDouble } from './runner-engine-double';

/** Tokens of the test runner, by the names the audit log records. */
export const TOKENS = {
  alice: 'alice-6f1d2c3b4a5e6f708192',
  carol: 'carol-0a9b8c7d6e5f4a3b2c1d',
  sreBob: 'sre-bob-77e1c0ffee5ca1ab1e',
} as const;
/** Alertmanager's token for the test runner's alert webhook. */
export const WEBHOOK_TOKEN = 'alertmanager-0f1e2d3c4b5a6978';
/** The repository's suites, the runner's default RUNNER_SUITES_DIR. */
export const REPOSITORY_SUITES = resolve(__dirname, '..', '..', 'apps', 'chaos-runner', 'suites');

export interface RunningRunnerHttp {
  readonly app: NestExpressApplication;
  readonly url: string;
  readonly engine: EngineDouble;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The runner's HTTP layer as the runner serves it (its module, guard, filters, OpenAPI document), in
 * this process on a free port, with its audit log, suite runs and alert ledger in a fresh database, in
 * front of an in-memory double of the engine's services. The suites are the real service's, on the
 * double, from `suitesDir` (the repository's by default), looking at their experiments every `pollIntervalMs`.
 */
export async function startRunnerHttp(
  adminDatabaseUrl: string,
  options: { suitesDir?: string; pollIntervalMs?: number } = {},
): Promise<RunningRunnerHttp> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: await createDatabase(adminDatabaseUrl),
    entities: [...AUTH_ENTITIES, ...SUITE_ENTITIES, ...LEDGER_ENTITIES],
    migrations: [...AUTH_MIGRATIONS, ...SUITE_MIGRATIONS, ...LEDGER_MIGRATIONS],
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const engine = new EngineDouble();
  const auth = loadAuthSettings({
    RUNNER_TOKENS: `alice:${TOKENS.alice},carol:${TOKENS.carol}`,
    RUNNER_READONLY_TOKENS: `sre-bob:${TOKENS.sreBob}`,
    RUNNER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
  });

  @Global()
  @Module({})
  class DatabaseModule {
    static forRoot(): DynamicModule {
      return {
        module: DatabaseModule,
        providers: [{ provide: DataSource, useValue: dataSource }],
        exports: [DataSource],
      };
    }
  }

  @Module({})
  class EngineModule {
    static forRoot(): DynamicModule {
      return {
        module: EngineModule,
        providers: [
          { provide: ExperimentsService, useValue: engine },
          { provide: HaltService, useValue: engine },
        ],
        exports: [ExperimentsService, HaltService],
      };
    }
  }

  const engineModule = EngineModule.forRoot();
  const logger = createLogger('scale-chaos-runner-test', 'warn');
  const registry = createMetricsRegistry({
    service: 'scale-chaos-runner',
    group: 'none',
    zone: 'local',
    version: 'test',
  });
  @Module({
    imports: [
      LoggerModule.forRoot(logger),
      MetricsModule.forRoot(registry),
      DatabaseModule.forRoot(),
      RunnerHttpModule.forRoot({
        auth,
        engine: engineModule,
        suites: SuitesModule.forRoot({
          directory: options.suitesDir ?? REPOSITORY_SUITES,
          engine: engineModule,
          pollIntervalMs: options.pollIntervalMs ?? 100,
        }),
      }),
      LedgerModule.forRoot({ webhookToken: auth.webhookToken, imports: [AuthModule.forRoot(auth)] }),
    ],
  })
  class TestRunnerModule {}

  const app = await NestFactory.create<NestExpressApplication>(TestRunnerModule, { logger: false });
  // As createRunnerApp does: whatever the features' own filters leave is a problem document too.
  app.useGlobalFilters(runnerProblemFilter(logger, registry));
  setupRunnerOpenApi(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    engine,
    dataSource,
    async close() {
      await app.close();
      await dataSource.destroy();
    },
  };
}
