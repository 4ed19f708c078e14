import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chmod, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { writeGeneratedCatalog } from '@scale/catalog';
import { findFreePort, startEmbeddedPostgres, RunningPostgres } from '@scale/embedded-servers';
import { ObjectStore } from '@scale/storage';
import { startApi, RunningApi } from '../support/api';
import { createBucket, seedSongs, storeAt } from '../support/bucket';
import { count, createDatabase, openCatalog } from '../support/catalog-database';
import { eventually, extractorEnvironment, runCli, RunningProcess } from '../support/extractor';
import { exportTo, startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { runProgram } from '../support/programs';
import { seriesValue } from '../support/prometheus-text';

const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const SONGS = 20;

interface Scrape {
  readonly text: string;
  readonly contentType: string;
  readonly ms: number;
}

async function scrape(url: string, accept?: string): Promise<Scrape> {
  const started = Date.now();
  const response = await fetch(`${url}/metrics`, {
    headers: accept ? { accept } : {},
    signal: AbortSignal.timeout(15_000),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, contentType: response.headers.get('content-type') ?? '', ms: Date.now() - started };
}

// The extractor as a process and the API in this process, both on a Postgres of their own, which the
// last test stops and starts again; the metrics are read as Prometheus reads them, from /metrics.
describe('metrics of the running services', () => {
  const extractorIdentity = { service: 'scale-extractor', group: 'control', zone: 'local' };
  const apiIdentity = { service: 'scale-api', group: 'control', zone: 'local' };
  let dataDir: string;
  let pgPort: number;
  let postgres: RunningPostgres;
  let store: ObjectStore;
  let bucket: string;
  let catalog: DataSource | undefined;
  let extractor: RunningProcess;
  let extractorUrl: string;
  let api: RunningApi;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(inject('scratchDir'), 'metrics-pg-'));
    // The embedded Postgres runs as another user, which must be able to reach its folder.
    await chmod(dataDir, 0o755);
    pgPort = await findFreePort();
    postgres = await startEmbeddedPostgres({ dataDir, port: pgPort });
    store = storeAt(inject('s3Endpoint'));
    bucket = await createBucket(store);
    await seedSongs(store, bucket, SONGS, 13);
    catalog = await openCatalog(postgres.url);

    const port = await findFreePort();
    extractorUrl = `http://127.0.0.1:${port}`;
    extractor = runCli(
      ['extract', '--serve'],
      extractorEnvironment(
        { databaseUrl: postgres.url, s3Endpoint: inject('s3Endpoint'), bucket },
        { EXTRACTOR_PORT: String(port), DISCOVERY_INTERVAL_SECONDS: '0.3' },
      ),
    );
    const songs = () => count(catalog!, 'select 1 from songs');
    await eventually(`the extractor to catalog ${SONGS} songs`, async () => (await songs()) === SONGS).catch(
      (error: Error) => {
        throw new Error(`${error.message}; its stderr: ${extractor.stderr()}`);
      },
    );
    api = await startApi(postgres.url);
  });

  afterAll(async () => {
    if (extractor && extractor.child.exitCode === null && extractor.child.signalCode === null) {
      extractor.child.kill('SIGKILL');
    }
    await extractor?.exited;
    await api?.app.close();
    await catalog?.destroy();
    await postgres?.stop();
    store?.destroy();
  });

  it('extractor: outcomes, job durations, queue, object store and database series, all labelled', async () => {
    const { text, contentType } = await scrape(extractorUrl);
    expect(contentType).toMatch(/^text\/plain;.*version=0.0.4/);
    const value = (name: string, labels: Record<string, string> = {}) =>
      seriesValue(text, name, { ...extractorIdentity, ...labels });

    expect(value('scale_extractor_objects_total', { outcome: 'song' })).toBe(SONGS);
    expect(value('scale_extractor_job_duration_seconds_count', { outcome: 'song' })).toBe(SONGS);
    expect(value('scale_extractor_job_duration_seconds_sum', { outcome: 'song' })).toBeGreaterThan(0);
    expect(value('scale_extractor_read_bytes_total')).toBeGreaterThan(0);
    expect(value('scale_extractor_store_errors_total')).toBe(0);
    for (const state of ['ready', 'leased', 'delayed']) expect(value('scale_extractor_queue_jobs', { state })).toBe(0);
    expect(value('scale_extractor_oldest_job_age_seconds')).toBe(0);

    expect(value('scale_object_store_request_duration_seconds_count', { operation: 'GetObject', outcome: 'ok' })).toBe(
      SONGS,
    );
    expect(
      value('scale_object_store_request_duration_seconds_count', { operation: 'ListObjectsV2', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);

    // Claims are UPDATEs; results DELETE their jobs and INSERT songs in a transaction.
    for (const operation of ['INSERT', 'UPDATE', 'DELETE', 'START', 'COMMIT']) {
      expect(
        value('db_client_operation_duration_seconds_count', { db_operation_name: operation }),
        operation,
      ).toBeGreaterThan(0);
    }
    // Sub-millisecond resolution: TypeORM's own timings are whole milliseconds.
    const updateMs = value('db_client_operation_duration_seconds_sum', { db_operation_name: 'UPDATE' })! * 1000;
    expect(Math.abs(updateMs - Math.round(updateMs))).toBeGreaterThan(1e-6);
    const idle = value('db_client_connection_count', { state: 'idle' });
    const used = value('db_client_connection_count', { state: 'used' });
    expect(idle! + used!).toBeGreaterThanOrEqual(1);
    expect(idle! + used!).toBeLessThanOrEqual(6);
    expect(value('db_client_connection_pending_requests')).toBeGreaterThanOrEqual(0);
    expect(value('scale_database_up')).toBe(1);
    expect(value('scale_build_info', { version: '0.1.0' })).toBe(1);

    // The queue gauges' SELECT, made while that scrape was collected, is in the next one.
    const next = (await scrape(extractorUrl)).text;
    expect(
      seriesValue(next, 'db_client_operation_duration_seconds_count', {
        ...extractorIdentity,
        db_operation_name: 'SELECT',
      }),
    ).toBeGreaterThan(0);
  });

  it("extractor: the oldest job's age, while a job waits out a long backoff", async () => {
    await catalog!.query(
      `insert into extraction_jobs (bucket, object_key, etag, size_bytes, enqueued_at, not_before)
       values ($1, 'waiting/old.mid', 'e0', 10, now() - interval '1 hour', now() + interval '1 day')`,
      [bucket],
    );
    const { text } = await scrape(extractorUrl);
    const age = seriesValue(text, 'scale_extractor_oldest_job_age_seconds', extractorIdentity)!;
    expect(age).toBeGreaterThanOrEqual(3600);
    expect(age).toBeLessThan(3700);
    expect(seriesValue(text, 'scale_extractor_queue_jobs', { ...extractorIdentity, state: 'delayed' })).toBe(1);
  });

  it('API: the similarity index, its queries, and the database client', async () => {
    const ids: Array<{ id: string }> = await catalog!.query(`select id from songs order by id limit 5`);
    for (const { id } of ids) expect((await api.get(`/api/songs/${id}/similar`)).status).toBe(200);
    expect((await api.get('/api/songs?limit=5')).status).toBe(200);

    const { text } = await scrape(api.url);
    const value = (name: string, labels: Record<string, string> = {}) =>
      seriesValue(text, name, { ...apiIdentity, ...labels });
    expect(value('scale_similarity_index_songs')).toBe(SONGS);
    expect(value('scale_similarity_query_duration_seconds_count')).toBe(ids.length);
    expect(value('scale_similarity_query_duration_seconds_sum')).toBeGreaterThan(0);
    // Refreshed every 0.2 s in these tests.
    expect(value('scale_similarity_index_staleness_seconds')).toBeGreaterThanOrEqual(0);
    expect(value('scale_similarity_index_staleness_seconds')).toBeLessThan(5);
    expect(
      value('http_server_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/songs/:id/similar',
        status_code: '200',
      }),
    ).toBe(ids.length);
    expect(value('db_client_operation_duration_seconds_count', { db_operation_name: 'SELECT' })).toBeGreaterThan(0);
    expect(value('db_client_connection_count', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(value('db_client_connection_count', { state: 'used' })).toBeGreaterThanOrEqual(0);
    expect(value('db_client_connection_pending_requests')).toBe(0);
    expect(value('scale_database_up')).toBe(1);
  });

  it('serves OpenMetrics to a scraper that asks for it, and the classic text to anyone else', async () => {
    for (const [url, identity] of [
      [extractorUrl, extractorIdentity],
      [api.url, apiIdentity],
    ] as const) {
      const classic = await scrape(url, '*/*');
      expect(classic.contentType).toMatch(/^text\/plain;.*version=0.0.4/);
      expect(classic.text).toMatch(/^# TYPE process_cpu_seconds_total counter$/m);
      expect(classic.text).not.toMatch(/# EOF/);

      const openMetrics = await scrape(url, PROMETHEUS_ACCEPT);
      expect(openMetrics.contentType).toMatch(/^application\/openmetrics-text;.*version=1.0.0/);
      expect(openMetrics.text.endsWith('\n# EOF\n')).toBe(true);
      expect(openMetrics.text).toMatch(/^# TYPE process_cpu_seconds counter$/m);
      expect(seriesValue(openMetrics.text, 'scale_database_up', identity)).toBe(1);
    }
    // Counters keep their _total series whichever format was asked for last.
    expect(
      seriesValue((await scrape(extractorUrl)).text, 'scale_extractor_objects_total', {
        ...extractorIdentity,
        outcome: 'song',
      }),
    ).toBe(SONGS);
  });

  it('reports the database down within one scrape, the index growing stale, and both back when it returns', async () => {
    await catalog!.destroy();
    catalog = undefined;
    await postgres.stop();

    for (const [url, identity] of [
      [extractorUrl, extractorIdentity],
      [api.url, apiIdentity],
    ] as const) {
      const { text, ms } = await scrape(url);
      expect(seriesValue(text, 'scale_database_up', identity), url).toBe(0);
      // The scrape still answers promptly: reads of the database are bounded.
      expect(ms, url).toBeLessThan(5_000);
    }
    // The queue gauges keep their last values through the outage.
    expect(
      seriesValue((await scrape(extractorUrl)).text, 'scale_extractor_queue_jobs', {
        ...extractorIdentity,
        state: 'delayed',
      }),
    ).toBe(1);
    const staleness = async () =>
      seriesValue((await scrape(api.url)).text, 'scale_similarity_index_staleness_seconds', apiIdentity)!;
    await eventually('the index to be a second stale', async () => (await staleness()) > 1, 10_000, 200);

    postgres = await startEmbeddedPostgres({ dataDir, port: pgPort });
    for (const [url, identity] of [
      [extractorUrl, extractorIdentity],
      [api.url, apiIdentity],
    ] as const) {
      await eventually(
        `${url} to see the database up`,
        async () => seriesValue((await scrape(url)).text, 'scale_database_up', identity) === 1,
        30_000,
        200,
      );
    }
    await eventually('the index to catch up', async () => (await staleness()) < 1, 30_000, 200);
  });
});

// The compiled programs as deployed, their OpenTelemetry SDK exporting to a receiver in this test:
// the histograms' exemplars name the traces of the requests and batches they measured.
describe('exemplars under OpenTelemetry', () => {
  const traceId = '7a3f0b12c4d5e6f708192a3b4c5d6e7f';
  let receiver: OtlpReceiver;
  let databaseUrl: string;
  let catalog: DataSource;
  let store: ObjectStore;
  const programs: RunningProcess[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    catalog = await openCatalog(databaseUrl);
    store = storeAt(inject('s3Endpoint'));
  });
  afterAll(async () => {
    for (const program of programs) program.child.kill('SIGKILL');
    await Promise.all(programs.map((program) => program.exited));
    await receiver?.close();
    await catalog?.destroy();
    store?.destroy();
  });

  const exemplarsOf = (text: string, family: string) =>
    [...text.matchAll(new RegExp(`^${family}_bucket\\{([^}]*)\\} \\S+ # \\{trace_id="([0-9a-f]{32})"\\} `, 'gm'))].map(
      (match) => ({
        labels: match[1],
        traceId: match[2],
      }),
    );

  it('API: requests, similarity queries and their statements point at the request’s trace', async () => {
    await writeGeneratedCatalog(catalog, { seed: 8, count: 200, bucket: 'scale-midi' });
    const [{ id }]: Array<{ id: string }> = await catalog.query(`select id from songs order by id limit 1`);
    const port = await findFreePort();
    const api = runProgram('api', {
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
      ...exportTo(receiver),
    });
    programs.push(api);
    const url = `http://127.0.0.1:${port}`;
    await eventually(
      `the API to be ready\n${api.stderr()}`,
      async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200,
      60_000,
      100,
    );

    const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;
    for (const path of [`/api/songs/${id}/similar`, `/api/songs/${id}`]) {
      expect((await fetch(`${url}${path}`, { headers: { traceparent } })).status).toBe(200);
    }
    // An unsampled caller's trace was never exported: no exemplar points at it.
    const unsampled = 'ffffffffffffffffffffffffffffffff';
    expect(
      (
        await fetch(`${url}/api/songs/${id}/similar`, {
          headers: { traceparent: `00-${unsampled}-00f067aa0ba902b7-00` },
        })
      ).status,
    ).toBe(200);

    const { text } = await scrape(url, PROMETHEUS_ACCEPT);
    expect(
      exemplarsOf(text, 'http_server_request_duration_seconds')
        .filter((exemplar) => exemplar.traceId === traceId)
        .map((e) => e.labels),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('route="/api/songs/:id/similar"'),
        expect.stringContaining('route="/api/songs/:id"'),
      ]),
    );
    expect(exemplarsOf(text, 'scale_similarity_query_duration_seconds').map((exemplar) => exemplar.traceId)).toContain(
      traceId,
    );
    expect(
      exemplarsOf(text, 'db_client_operation_duration_seconds').some(
        (exemplar) => exemplar.traceId === traceId && exemplar.labels.includes('db_operation_name="SELECT"'),
      ),
    ).toBe(true);
    expect(text).not.toContain(unsampled);
    // The classic text has no room for exemplars.
    expect((await scrape(url)).text).not.toMatch(/ # \{/);
  });

  it('extractor: job durations point at the trace of their batch', async () => {
    const bucket = await createBucket(store);
    await seedSongs(store, bucket, 6, 21);
    const port = await findFreePort();
    const extractor = runProgram(
      'extractor',
      extractorEnvironment(
        { databaseUrl, s3Endpoint: inject('s3Endpoint'), bucket },
        { EXTRACTOR_PORT: String(port), ...exportTo(receiver) },
      ),
    );
    programs.push(extractor);
    const url = `http://127.0.0.1:${port}`;
    const songs = async () =>
      seriesValue((await scrape(url).catch(() => ({ text: '' }))).text, 'scale_extractor_objects_total', {
        outcome: 'song',
      });
    await eventually(
      `the extractor to write 6 songs\n${extractor.stderr()}`,
      async () => (await songs()) === 6,
      60_000,
      200,
    );

    const { text } = await scrape(url, PROMETHEUS_ACCEPT);
    const exemplars = exemplarsOf(text, 'scale_extractor_job_duration_seconds').filter((exemplar) =>
      exemplar.labels.includes('outcome="song"'),
    );
    expect(exemplars.length).toBeGreaterThan(0);
    await eventually('the batch spans to be exported', async () =>
      exemplars.every((exemplar) =>
        receiver.spans.some((span) => span.traceId === exemplar.traceId && span.name === 'extract batch'),
      ),
    );
  });
});
