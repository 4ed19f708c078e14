import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createCatalogDataSource, migrateCatalog } from '@scale/catalog';
import {
  RunningPostgres,
  RunningS3Server,
  S3Settings,
  startEmbeddedPostgres,
  startS3Server,
} from '@scale/embedded-servers';

/** A throw-away Postgres and S3 server under a temp dir, so the bench never touches .scale/ data. */
export interface BenchServers {
  readonly dataDir: string;
  readonly s3: S3Settings;
  /** Pid of the S3 server's own process, to tell its CPU from ours. */
  readonly s3Pid: number;
  /** A new, empty, migrated catalog database; its URL. */
  createCatalog(name: string): Promise<string>;
  /** Stops both servers and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startBenchServers(bucket: string): Promise<BenchServers> {
  const dataDir = await mkdtemp(join(tmpdir(), 'scale-bench-'));
  // mkdtemp makes it 0700, and as root Postgres runs as the OS user `postgres`, which must get in.
  await chmod(dataDir, 0o755);
  const [postgres, s3] = await Promise.allSettled([
    startEmbeddedPostgres({ dataDir }),
    startS3Server({ dataDir, buckets: [bucket] }),
  ]);
  const stopAll = async () => {
    await Promise.allSettled(
      [postgres, s3].map((started) => (started.status === 'fulfilled' ? started.value.stop() : undefined)),
    );
    await rm(dataDir, { recursive: true, force: true });
  };
  if (postgres.status === 'rejected' || s3.status === 'rejected') {
    await stopAll();
    throw postgres.status === 'rejected' ? postgres.reason : (s3 as PromiseRejectedResult).reason;
  }
  let stopped: Promise<void> | undefined;
  return {
    dataDir,
    s3: s3Settings(s3.value),
    s3Pid: s3.value.pid,
    createCatalog: (name) => createCatalog(postgres.value, name),
    stop: () => (stopped ??= stopAll()),
  };
}

function s3Settings(server: RunningS3Server): S3Settings {
  return {
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  };
}

/**
 * Migrated here, before the timed run: a deployed extractor finds its schema in place, and creating
 * tables once is not extraction throughput. The tables are empty, so every object is new work.
 */
async function createCatalog(postgres: RunningPostgres, name: string): Promise<string> {
  const admin = new pg.Client(postgres.url);
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${admin.escapeIdentifier(name)}`);
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  // Two connections: migrateCatalog holds one for its advisory lock while the migrations run on another.
  const dataSource = createCatalogDataSource(url.toString(), { poolSize: 2, applicationName: 'scale-bench' });
  await dataSource.initialize();
  try {
    await migrateCatalog(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return url.toString();
}
