import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createHttpServerHistogram, httpMetricsMiddleware, METRICS_REGISTRY, NestPinoLogger } from '@scale/telemetry';
import type { Registry } from 'prom-client';
import { runnerProblemFilter } from './common/problem.filter';
import { setupRunnerOpenApi } from './common/openapi';
import { RunnerModule, type RunnerModuleOptions } from './runner.module';

/**
 * The runner with everything a request meets: metrics, problem documents, OpenAPI at /api/docs.
 * Each route validates its own input (the experiment document with its zod schema, queries with
 * their DTOs), so there is no global validation pipe to validate them twice.
 */
export async function createRunnerApp(options: RunnerModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(RunnerModule.forRoot(options), {
    logger: new NestPinoLogger(options.logger),
    // A module that fails to start rejects here, so the program can say why and exit 1, instead of aborting.
    abortOnError: false,
    // Parsers are added below, with limits of the runner's own.
    bodyParser: false,
  });
  // An Alertmanager notification carries up to 10,000 alerts (webhook-payload.ts), megabytes of JSON:
  // Express' default 100 KiB would refuse a large one, and Alertmanager would retry it for ever.
  app.useBodyParser('json', { limit: '16mb' });
  // The sign-in form.
  app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
  // Registered before Nest adds its routes, so every request is timed, unmatched ones included.
  const metrics = app.get<Registry>(METRICS_REGISTRY);
  app.use(httpMetricsMiddleware(createHttpServerHistogram(metrics)));
  app.useGlobalFilters(runnerProblemFilter(options.logger, metrics));
  app.disable('x-powered-by');
  app.set('etag', false);
  setupRunnerOpenApi(app);
  return app;
}
