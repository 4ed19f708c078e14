import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedServerError } from './errors';
import { startEmbeddedPostgres } from './postgres-server';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scale-embedded-pg-'));
    // mkdtemp makes the directory 0700; Postgres runs as the OS user `postgres` when we are root.
    await chmod(dataDir, 0o755);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('creates a cluster with a `scale` database, and keeps its data across restarts', { timeout: 60_000 }, async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      expect(first.url).toMatch(/^postgres:\/\/\w+:\w+@127\.0\.0\.1:\d+\/scale$/);
      expect(await query(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await query(first.url, "create table kept (note text); insert into kept values ('still here')");
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.url, 'select note from kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a data directory another process runs, naming it and how to share', { timeout: 60_000 }, async () => {
    const running = await startEmbeddedPostgres({ dataDir });
    try {
      const attempt = startEmbeddedPostgres({ dataDir });
      await expect(attempt).rejects.toThrow(EmbeddedServerError);
      await expect(attempt).rejects.toThrow(/is in use by process \d+.*DATABASE_URL=postgres:\/\//s);
    } finally {
      await running.stop();
    }
  });
});
