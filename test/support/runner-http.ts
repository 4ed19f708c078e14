import type { AddressInfo } from 'node:net';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, LoggerModule } from '@scale/telemetry';
import { DataSource } from 'typeorm';
import { loadAuthSettings } from '../../apps/chaos-runner/src/auth/auth-settings';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '../../apps/chaos-runner/src/auth/persistence';
import { ExperimentsService } from '../../apps/chaos-runner/src/experiments/experiments.service';
import { HaltService } from '../../apps/chaos-runner/src/halt/halt.service';
import { setupRunnerOpenApi } from '../../apps/chaos-runner/src/common/openapi';
import { RunnerHttpModule } from '../../apps/chaos-runner/src/runner-http.module';
import { createDatabase } from './catalog-database';
import { EngineDouble } from './runner-engine-double';

/** Tokens of the test runner, by the names the audit log records. */
export const TOKENS = {
  alice: 'alice-6f1d2c3b4a5e6f708192',
  carol: 'carol-0a9b8c7d6e5f4a3b2c1d',
  sreBob: 'sre-bob-77e1c0ffee5ca1ab1e',
} as const;

export interface RunningRunnerHttp {
  readonly app: NestExpressApplication;
  readonly url: string;
  readonly engine: EngineDouble;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The runner's HTTP layer as the runner serves it (its module, guard, filters, OpenAPI document), in
 * this process on a free port, with its audit log in a fresh database, in front of an in-memory
 * double of the engine's services.
 */
export async function startRunnerHttp(adminDatabaseUrl: string): Promise<RunningRunnerHttp> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: await createDatabase(adminDatabaseUrl),
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const engine = new EngineDouble();
  const auth = loadAuthSettings({
    RUNNER_TOKENS: `alice:${TOKENS.alice},carol:${TOKENS.carol}`,
    RUNNER_READONLY_TOKENS: `sre-bob:${TOKENS.sreBob}`,
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

  @Module({
    imports: [
      LoggerModule.forRoot(createLogger('scale-chaos-runner-test', 'warn')),
      DatabaseModule.forRoot(),
      RunnerHttpModule.forRoot({ auth, engine: EngineModule.forRoot() }),
    ],
  })
  class TestRunnerModule {}

  const app = await NestFactory.create<NestExpressApplication>(TestRunnerModule, { logger: false });
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
