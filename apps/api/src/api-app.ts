import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { documentProblemResponses, ProblemDto } from '@scale/http-contract';
import { createHttpServerHistogram, httpMetricsMiddleware, METRICS_REGISTRY, NestPinoLogger } from '@scale/telemetry';
import type { Registry } from 'prom-client';
import { AppModule, AppModuleOptions } from './app.module';
import { apiProblemFilter } from './common/problem.filter';
import { createValidationPipe } from './common/validation.pipe';

/** The API with everything a request meets: validation, problem documents, OpenAPI, the page. */
export async function createApiApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: new NestPinoLogger(options.logger),
  });
  // Registered before Nest adds its routes, so every request is timed, unmatched ones included.
  const metrics = app.get<Registry>(METRICS_REGISTRY);
  if (options.environment.HTTP_REQUEST_METRICS) app.use(httpMetricsMiddleware(createHttpServerHistogram(metrics)));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(apiProblemFilter(options.logger, metrics));
  app.set('query parser', 'extended');
  app.disable('x-powered-by');
  // Hashing every JSON body for an ETag costs CPU on each request, and no client revalidates them.
  app.set('etag', false);
  const document = documentProblemResponses(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Scale similar-songs API')
        .setDescription(
          'Songs of the catalog, their instruments, and the songs that share them. Every error is a problem ' +
            'document (RFC 9457, application/problem+json); a method a path does not serve is a 405 with Allow.',
        )
        .setVersion('1')
        .build(),
      { extraModels: [ProblemDto] },
    ),
    {
      problemSchema: 'ProblemDto',
      everyOperation: { '503': 'The catalog database is unavailable; retry shortly' },
    },
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
