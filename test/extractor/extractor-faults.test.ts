import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { chmod, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '@scale/config';
import {
  findFreePort,
  startEmbeddedPostgres,
  startS3Server,
  RunningPostgres,
  RunningS3Server,
} from '@scale/embedded-servers';
import { createLogger } from '@scale/telemetry';
import { ExtractorModule } from '../../apps/extractor/src/extractor.module';
import { DiscoveryService } from '../../apps/extractor/src/discovery/discovery.service';
import { ExtractionWorkersService } from '../../apps/extractor/src/jobs/extraction-workers.service';
import { createBucket, seedSongs, storeAt } from '../support/bucket';
import { seriesValue } from '../support/prometheus-text';
import { count, createDatabase, openCatalog } from '../support/catalog-database';
import {
  configuredInfrastructure,
  eventually,
  extractInProcess,
  extractorEnvironment,
  runCli,
  RunningProcess,
} from '../support/extractor';

// Faults are real: the S3 server and Postgres are stopped and started again on the same port and
// data, and extractor processes are killed with SIGKILL.
describe('extractor under faults', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  const later = (cleanup: () => Promise<unknown>) => cleanups.push(cleanup);

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });
  afterAll(async () => undefined);

  async function scratch(name: string): Promise<string> {
    const dir = await mkdtemp(join(inject('scratchDir'), `${name}-`));
    // The embedded Postgres runs as another user, which must be able to reach its folder.
    await chmod(dir, 0o755);
    return dir;
  }

  async function catalogFor(databaseUrl: string): Promise<DataSource> {
    const catalog = await openCatalog(databaseUrl);
    later(() => catalog.destroy());
    return catalog;
  }

  it('keeps the jobs of an unreachable store, with backoff, and finishes them when it is back', async () => {
    const dataDir = await scratch('s3');
    const port = await findFreePort();
    let s3: RunningS3Server = await startS3Server({ dataDir, port });
    later(() => s3.stop());
    const store = storeAt(s3.endpoint);
    later(async () => store.destroy());
    const bucket = await createBucket(store);
    await seedSongs(store, bucket, 30);
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    const catalog = await catalogFor(databaseUrl);

    const environment = loadEnvironment(extractorEnvironment({ databaseUrl, s3Endpoint: s3.endpoint, bucket }));
    const logger = createLogger('scale-extractor-test', 'silent');
    const app = await NestFactory.createApplicationContext(
      ExtractorModule.forRoot({
        environment,
        infrastructure: configuredInfrastructure(environment),
        logger,
        http: false,
      }),
      { logger: false },
    );
    later(() => app.close());
    expect(await app.get(DiscoveryService).discover()).toEqual({ listed: 30, enqueued: 30 });

    await s3.stop();
    // The workers retry while the jobs' backoff is shorter than their own pause after a failed
    // batch (1 s), and stop once no job is ready: without a growing backoff this never returns.
    await app.get(ExtractionWorkersService).run({ stopWhenIdle: () => true });

    const jobs: Array<{ attempts: number; last_error: string; delayed: boolean; locked_by: string | null }> =
      await catalog.query(
        `select attempts, last_error, not_before > now() + interval '0.1 second' as delayed, locked_by from extraction_jobs`,
      );
    expect(jobs).toHaveLength(30);
    for (const job of jobs) {
      expect(job.attempts).toBeGreaterThanOrEqual(2);
      expect(job.last_error).toMatch(/get s3:\/\/.* failed/);
      expect(job.locked_by).toBeNull();
    }
    expect(jobs.some((job) => job.delayed)).toBe(true);
    expect(await count(catalog, 'select 1 from songs')).toBe(0);

    s3 = await startS3Server({ dataDir, port });
    const report = await extractInProcess({ databaseUrl, s3Endpoint: s3.endpoint, bucket });
    expect(report.run.songs).toBe(30);
    expect(await count(catalog, 'select 1 from songs')).toBe(30);
    expect(await count(catalog, 'select 1 from extraction_jobs')).toBe(0);
  });

  it('waits while Postgres is down and resumes when it is back, reporting readiness meanwhile', async () => {
    const dataDir = await scratch('pg');
    const pgPort = await findFreePort();
    let postgres: RunningPostgres = await startEmbeddedPostgres({ dataDir, port: pgPort });
    later(() => postgres.stop());
    const store = storeAt(inject('s3Endpoint'));
    later(async () => store.destroy());
    const bucket = await createBucket(store);
    await seedSongs(store, bucket, 20, 11);

    const httpPort = await findFreePort();
    const extractor = runCli(
      ['extract', '--serve'],
      extractorEnvironment(
        { databaseUrl: postgres.url, s3Endpoint: inject('s3Endpoint'), bucket },
        { EXTRACTOR_PORT: String(httpPort), DISCOVERY_INTERVAL_SECONDS: '0.3', LOG_LEVEL: 'info' },
      ),
    );
    later(() => stopProcess(extractor));
    const catalog = await catalogFor(postgres.url);
    const songs = () => count(catalog, 'select 1 from songs');
    await eventually('the first 20 songs', async () => (await songs()) === 20);
    expect(await httpStatus(httpPort, '/readyz')).toBe(200);

    await catalog.destroy();
    await postgres.stop();
    await eventually(
      '/readyz to report the database down',
      async () => (await httpStatus(httpPort, '/readyz')) === 503,
      20_000,
      200,
    );
    expect(await httpStatus(httpPort, '/healthz')).toBe(200);
    await seedSongs(store, bucket, 45, 11);

    postgres = await startEmbeddedPostgres({ dataDir, port: pgPort });
    const reopened = await catalogFor(postgres.url);
    await eventually(
      'the 25 songs added during the outage',
      async () => (await count(reopened, 'select 1 from songs')) === 45,
    );
    expect(await httpStatus(httpPort, '/readyz')).toBe(200);
    expect(extractor.stderr()).toMatch(/catalog database unavailable/);
    expect(extractor.stderr()).toMatch(/reachable again/);
    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    const identity = { service: 'scale-extractor', group: 'control', zone: 'local' };
    expect(seriesValue(metrics, 'scale_extractor_objects_total', { ...identity, outcome: 'song' })).toBe(45);
    expect(seriesValue(metrics, 'scale_extractor_queue_jobs', { ...identity, state: 'ready' })).toBe(0);
    expect(
      seriesValue(metrics, 'http_server_request_duration_seconds_count', {
        ...identity,
        route: '/readyz',
        status_code: '503',
      }),
    ).toBeGreaterThan(0);

    extractor.child.kill('SIGTERM');
    expect(await extractor.exited).toBe(0);
  });

  it('loses nothing and writes nothing twice when an extractor process is killed mid-run', async () => {
    const store = storeAt(inject('s3Endpoint'));
    later(async () => store.destroy());
    const bucket = await createBucket(store);
    const total = 1500;
    await seedSongs(store, bucket, total, 5);
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    const catalog = await catalogFor(databaseUrl);
    const target = { databaseUrl, s3Endpoint: inject('s3Endpoint'), bucket };
    const settings = { EXTRACTOR_LEASE_SECONDS: '2', EXTRACTOR_CONCURRENCY: '4', EXTRACTOR_BATCH_SIZE: '8' };

    const victim = runCli(['extract', '--json'], extractorEnvironment(target, settings));
    later(() => stopProcess(victim));
    await eventually(
      'the victim to write some songs',
      async () => (await count(catalog, 'select 1 from songs')) >= 100,
      60_000,
      20,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; its stderr: ${victim.stderr()}`);
    });
    victim.child.kill('SIGKILL');
    await victim.exited;

    const written = await count(catalog, 'select 1 from songs');
    const orphaned = await count(catalog, `select 1 from extraction_jobs where locked_until > now()`);
    expect(written).toBeLessThan(total);
    expect(orphaned).toBeGreaterThan(0);

    const survivor = runCli(['extract', '--json'], extractorEnvironment(target, settings));
    expect(await survivor.exited).toBe(0);
    const report = JSON.parse(survivor.stdout());
    expect(report.run.songs).toBe(total - written);
    expect(report.run.unchanged).toBe(0);
    expect(await count(catalog, 'select 1 from songs')).toBe(total);
    expect(await count(catalog, 'select distinct object_key from songs')).toBe(total);
    expect(await count(catalog, 'select 1 from extraction_jobs')).toBe(0);
  });

  it('shares the queue between extractor processes running at once', async () => {
    const store = storeAt(inject('s3Endpoint'));
    later(async () => store.destroy());
    const bucket = await createBucket(store);
    await seedSongs(store, bucket, 800, 9);
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    const catalog = await catalogFor(databaseUrl);
    const environment = extractorEnvironment(
      { databaseUrl, s3Endpoint: inject('s3Endpoint'), bucket },
      { EXTRACTOR_CONCURRENCY: '2' },
    );

    const runs = [runCli(['extract', '--json'], environment), runCli(['extract', '--json'], environment)];
    const codes = await Promise.all(runs.map((run) => run.exited));
    expect(codes).toEqual([0, 0]);
    const reports = runs.map((run) => JSON.parse(run.stdout()));
    // Each song row was written by exactly one of them. (A version can be queued a second time when
    // one process's discovery pass overlaps the other's commit; it is then read again, not written.)
    expect(reports[0].run.songs + reports[1].run.songs).toBe(800);
    expect(reports[0].run.songs).toBeGreaterThan(0);
    expect(reports[1].run.songs).toBeGreaterThan(0);
    expect(await count(catalog, 'select 1 from songs')).toBe(800);
  });
});

async function httpStatus(port: number, path: string): Promise<number> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

async function stopProcess(run: RunningProcess): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await run.exited;
}
