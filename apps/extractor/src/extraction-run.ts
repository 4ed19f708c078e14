import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CatalogSummaryRepository, errorMessage, ExtractionQueueRepository } from '@scale/catalog';
import type { Environment } from '@scale/config';
import { resolveInfrastructure, Infrastructure } from '@scale/embedded-servers';
import {
  createHttpServerHistogram,
  httpMetricsMiddleware,
  METRICS_REGISTRY,
  NestPinoLogger,
  Logger,
} from '@scale/telemetry';
import type { Registry } from 'prom-client';
import { ObjectStore } from '@scale/storage';
import { ExtractorModule } from './extractor.module';
import { DiscoveryService } from './discovery/discovery.service';
import { ExtractionWorkersService } from './jobs/extraction-workers.service';
import { backoffSeconds, sleep } from './jobs/backoff';
import type { ExtractionStats } from './jobs/extraction-stats';
import { ExtractionReport } from './summary-report';

/** Starts the embedded servers the environment does not replace, and the bucket they hold. */
export async function prepareInfrastructure(environment: Environment, logger: Logger): Promise<Infrastructure> {
  const infrastructure = await resolveInfrastructure(environment);
  if (infrastructure.embedded.postgres) logger.info('using the embedded Postgres (set DATABASE_URL to use another)');
  if (infrastructure.embedded.s3) {
    logger.info({ endpoint: infrastructure.s3.endpoint }, 'using the local S3 server (set S3_ENDPOINT to use another)');
    // The local store starts empty; a real bucket elsewhere is never created behind its owner's back.
    const store = new ObjectStore(infrastructure.s3);
    await store.ensureBucket(environment.S3_BUCKET).finally(() => store.destroy());
  }
  return infrastructure;
}

async function discoverWithRetry(discovery: DiscoveryService, logger: Logger, attempts = 6) {
  for (let attempt = 1; ; attempt++) {
    try {
      // The one-shot run always compares: it is how `scale extract` brings the catalog in line with the bucket.
      return await discovery.discover({ removeDeleted: true });
    } catch (error) {
      if (attempt >= attempts) throw error;
      const delay = backoffSeconds(attempt, 30);
      logger.warn({ attempt, retryInSeconds: delay }, `listing the bucket failed: ${errorMessage(error)}`);
      await sleep(delay * 1000);
    }
  }
}

/**
 * One-shot mode: list the bucket, remove the catalog rows of objects it no longer holds, work until
 * the queue is empty, report. Jobs failing on store
 * errors are retried with backoff; if nothing completes for a while (the store is down, or another
 * process holds leases that have not expired) the run stops and leaves them queued for the next.
 * `watch` receives the workers' running totals as soon as they exist, for a live count.
 */
export async function extractOnce(
  environment: Environment,
  infrastructure: Infrastructure,
  logger: Logger,
  watch?: (stats: Readonly<ExtractionStats>) => void,
): Promise<ExtractionReport> {
  const started = process.hrtime.bigint();
  const app = await NestFactory.createApplicationContext(
    ExtractorModule.forRoot({ environment, infrastructure, logger, http: false }),
    {
      logger: new NestPinoLogger(logger),
    },
  );
  try {
    const discovery = app.get(DiscoveryService);
    const workers = app.get(ExtractionWorkersService);
    watch?.(workers.stats);
    const queue = app.get(ExtractionQueueRepository);
    // Workers start on the first listing page while discovery goes on through the others.
    let listing = true;
    const working = workers.run({ stopWhenIdle: () => !listing });
    const pass = await discoverWithRetry(discovery, logger).finally(() => {
      listing = false;
      workers.wake();
    });
    await working;
    const patienceMs = Math.max(60, environment.EXTRACTOR_LEASE_SECONDS + 10) * 1000;
    let lastProgress = Date.now();
    let processed = workers.stats.processed;
    for (;;) {
      const depth = await queue.depth(environment.S3_BUCKET);
      if (depth.ready + depth.leased + depth.delayed === 0) break;
      if (workers.stats.processed !== processed) {
        processed = workers.stats.processed;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > patienceMs) {
        logger.warn(depth, 'no progress: leaving the remaining jobs queued for the next run');
        break;
      }
      // Jobs waiting out a backoff, or leased by a worker that may have died: try again shortly.
      await sleep(500);
      await workers.run({ stopWhenIdle: () => true });
    }
    const catalog = await app.get(CatalogSummaryRepository).summarize(environment.S3_BUCKET);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      bucket: environment.S3_BUCKET,
      prefix: environment.S3_PREFIX,
      ...pass,
      seconds,
      run: workers.stats,
      catalog,
    };
  } finally {
    await app.close();
  }
}

/**
 * Service mode: health endpoints, discovery every few seconds, workers waiting for jobs. The caller
 * owns the signals (Nest's shutdown hooks would re-raise SIGTERM after closing, so the process
 * would end killed by the signal rather than with its own exit status).
 */
export async function serve(
  environment: Environment,
  infrastructure: Infrastructure,
  logger: Logger,
): Promise<INestApplicationContext> {
  const app = await NestFactory.create(ExtractorModule.forRoot({ environment, infrastructure, logger, http: true }), {
    logger: new NestPinoLogger(logger),
  });
  app.use(httpMetricsMiddleware(createHttpServerHistogram(app.get<Registry>(METRICS_REGISTRY))));
  await app.listen(environment.EXTRACTOR_PORT, '0.0.0.0');
  logger.info({ port: environment.EXTRACTOR_PORT, bucket: environment.S3_BUCKET }, 'extractor serving');
  app.get(DiscoveryService).start();
  // Not awaited: the workers run until shutdown; a failure is logged and turned into a SIGTERM.
  void app
    .get(ExtractionWorkersService)
    .run({ stopWhenIdle: () => false })
    .catch((error: unknown) => {
      logger.fatal({ err: error }, `worker failed: ${errorMessage(error)}`);
      // The caller owns shutdown: hand it the same signal an operator would, with a failing status.
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
  return app;
}
