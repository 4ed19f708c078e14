import { resolve } from 'node:path';
import type { Environment } from '@scale/config';
import { startEmbeddedPostgres } from './postgres-server';
import { startS3Server } from './s3-server';

/** Where Scale's database and object store are, whether configured or started here. */
export interface Infrastructure {
  databaseUrl: string;
  s3: S3Settings;
  /** Which servers were started here because nothing was configured. */
  embedded: { postgres: boolean; s3: boolean };
  /** Stops the servers started here (and only those). Safe to call twice. */
  stop(): Promise<void>;
}

export interface S3Settings {
  /** Undefined means AWS S3 itself. */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Undefined means the AWS SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface InfrastructureOptions {
  /** Receives the embedded Postgres' log lines (discarded by default). */
  onLog?: (line: string) => void;
}

/** A configured service, or one started here that must be stopped again. */
interface Provided<T> {
  value: T;
  stop?: () => Promise<void>;
}

/**
 * Uses DATABASE_URL and S3_ENDPOINT when they are set, and otherwise starts an embedded Postgres and a local S3
 * server under SCALE_DATA_DIR, so Scale runs on a fresh machine without any server installed.
 */
export async function resolveInfrastructure(
  env: Environment,
  options: InfrastructureOptions = {},
): Promise<Infrastructure> {
  // Resolved once, here: a relative SCALE_DATA_DIR means the working directory at start-up, not at some later time.
  const dataDir = resolve(env.SCALE_DATA_DIR);
  const [database, objectStore] = await Promise.allSettled([
    provideDatabase(env, dataDir, options),
    provideObjectStore(env, dataDir),
  ]);
  if (database.status === 'rejected' || objectStore.status === 'rejected') {
    // One may have started while the other failed: leave nothing running behind the error.
    await Promise.allSettled(
      [database, objectStore].map((started) => (started.status === 'fulfilled' ? started.value.stop?.() : undefined)),
    );
    throw database.status === 'rejected' ? database.reason : (objectStore as PromiseRejectedResult).reason;
  }

  let stopped: Promise<void> | undefined;
  return {
    databaseUrl: database.value.value,
    s3: objectStore.value.value,
    embedded: { postgres: database.value.stop !== undefined, s3: objectStore.value.stop !== undefined },
    stop: () => (stopped ??= Promise.all([database.value.stop?.(), objectStore.value.stop?.()]).then(() => undefined)),
  };
}

async function provideDatabase(
  env: Environment,
  dataDir: string,
  options: InfrastructureOptions,
): Promise<Provided<string>> {
  if (env.DATABASE_URL) return { value: env.DATABASE_URL };
  const postgres = await startEmbeddedPostgres({ dataDir, onLog: options.onLog });
  return { value: postgres.url, stop: postgres.stop };
}

async function provideObjectStore(env: Environment, dataDir: string): Promise<Provided<S3Settings>> {
  if (env.S3_ENDPOINT) {
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
    return {
      value: {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      },
    };
  }
  // The bucket is created up front: on a fresh machine nothing else would.
  const server = await startS3Server({ dataDir, buckets: [env.S3_BUCKET] });
  return {
    value: {
      endpoint: server.endpoint,
      region: env.S3_REGION,
      // The server is addressed by IP, where virtual-hosted bucket names cannot work.
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    },
    stop: server.stop,
  };
}

/** The catalog database alone (for programs that never touch the object store, like the API). */
export async function resolveDatabase(
  env: Environment,
  options: InfrastructureOptions = {},
): Promise<{ url: string; embedded: boolean; stop(): Promise<void> }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const postgres = await startEmbeddedPostgres({ dataDir: resolve(env.SCALE_DATA_DIR), onLog: options.onLog });
  return { url: postgres.url, embedded: true, stop: () => postgres.stop() };
}
