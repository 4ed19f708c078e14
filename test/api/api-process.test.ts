import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { chmod, mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { writeGeneratedCatalog } from '@scale/catalog';
import { findFreePort, startEmbeddedPostgres } from '@scale/embedded-servers';
import { startApi } from '../support/api';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { eventually, runCli, RunningProcess } from '../support/extractor';

const API = resolve(__dirname, '..', '..', 'dist/apps/api/src/main.js');

// The compiled API as its own process, stopped with SIGTERM while requests are in flight.
describe('API process', () => {
  let catalog: DataSource;
  let databaseUrl: string;
  let api: RunningProcess | undefined;

  beforeAll(async () => {
    databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    catalog = await openCatalog(databaseUrl);
    // Big enough that the SQL engine's answers take tens of milliseconds each.
    await writeGeneratedCatalog(catalog, { seed: 2, count: 40_000, bucket: 'scale-midi' });
  });
  afterAll(async () => {
    // A failed assertion must not leave the API running.
    if (api && api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
    await catalog?.destroy();
  });

  it('finishes the requests in flight on SIGTERM, then exits 0', async () => {
    const port = await findFreePort();
    api = runCli([], { DATABASE_URL: databaseUrl, API_PORT: String(port), LOG_LEVEL: 'info' }, API);
    const url = `http://127.0.0.1:${port}`;
    await eventually(
      'the API to be ready',
      async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200,
      60_000,
      100,
    );
    const ids: Array<{ id: string }> = await catalog.query(`select id from songs order by id limit 6`);

    const inFlight = ids.map(({ id }) =>
      fetch(`${url}/api/songs/${id}/similar?engine=sql`).then((response) => response.status),
    );
    // SIGTERM once every request is inside the API, running its query: truly in flight.
    await eventually(
      'the requests to reach the database',
      async () =>
        (
          await catalog.query(
            `select count(*)::int as n from pg_stat_activity where application_name = 'scale-api' and state = 'active'`,
          )
        )[0].n === ids.length,
      20_000,
      2,
    );
    api.child.kill('SIGTERM');

    expect(await Promise.all(inFlight)).toEqual(ids.map(() => 200));
    expect(await api.exited).toBe(0);
    expect(api.stderr()).toMatch(/finishing requests in flight/);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

// The catalog database of its own, stopped and started again under a running API.
describe('API without its database', () => {
  it('answers 503 for what needs the database, keeps answering similarity from memory, and recovers', async () => {
    const dataDir = await mkdtemp(join(inject('scratchDir'), 'api-pg-'));
    await chmod(dataDir, 0o755);
    const port = await findFreePort();
    let postgres = await startEmbeddedPostgres({ dataDir, port });
    onTestFinished(() => postgres.stop());
    const catalog = await openCatalog(postgres.url);
    await writeGeneratedCatalog(catalog, { seed: 6, count: 500, bucket: 'scale-midi' });
    const [{ id }]: Array<{ id: string }> = await catalog.query(`select id from songs order by id limit 1`);
    await catalog.destroy();
    const api = await startApi(postgres.url);
    onTestFinished(() => api.app.close());

    await postgres.stop();
    const listed = await api.get<{ status: number; detail: string }>('/api/songs');
    expect(listed.status).toBe(503);
    expect(listed.body.detail).toMatch(/catalog database is unavailable/);
    expect((await api.get(`/api/songs/${id}/similar`)).status).toBe(200);
    expect((await api.get('/readyz')).status).toBe(503);
    expect((await api.get('/healthz')).status).toBe(200);

    postgres = await startEmbeddedPostgres({ dataDir, port });
    await eventually(
      'the API to answer from the database again',
      async () => (await api.get('/api/songs')).status === 200,
      30_000,
      200,
    );
    expect((await api.get('/readyz')).status).toBe(200);
  });
});
