import { startEmbeddedPostgres, startS3Server } from '@scale/embedded-servers';
import { ObjectStore } from '@scale/storage';
import type { ClusterS3 } from '../cluster-options';

export interface SharedServers {
  /** A URL of the Postgres server; the group databases are made beside its database. */
  databaseUrl: string;
  s3: ClusterS3;
  /** Stops the servers started here, and only those. */
  stop(): Promise<void>;
}

export interface SharedServerOptions {
  dataDir: string;
  databaseUrl?: string;
  s3?: ClusterS3;
  bucket: string;
}

/** The cluster's Postgres and S3 server: the given ones, or embedded ones under the data directory. */
export async function provideSharedServers(options: SharedServerOptions): Promise<SharedServers> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    await Promise.all(stops.map((stopOne) => stopOne()));
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const postgres = await startEmbeddedPostgres({ dataDir: options.dataDir });
      stops.push(postgres.stop);
      databaseUrl = postgres.url;
    }
    let s3 = options.s3;
    if (!s3) {
      const server = await startS3Server({ dataDir: options.dataDir });
      stops.push(server.stop);
      // The server is addressed by IP, where virtual-hosted bucket names cannot work.
      s3 = {
        endpoint: server.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      };
    }
    // The shared bucket must exist before the extractors list it; the local cluster owns its bucket.
    const store = new ObjectStore(s3);
    try {
      await store.ensureBucket(options.bucket);
    } finally {
      store.destroy();
    }
    return { databaseUrl, s3, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
