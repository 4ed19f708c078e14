import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import type { LocalClusterOptions, RunningLocalCluster } from '../../apps/local-cluster/src/cluster-options';
import { startLocalCluster } from '../../apps/local-cluster/src/local-cluster';
import { S3_CREDENTIALS } from './bucket';

/** The servers of the integration suites' global setup (`inject(...)` them in the test file). */
export interface SharedServers {
  readonly adminDatabaseUrl: string;
  readonly s3Endpoint: string;
  readonly scratchDir: string;
}

/**
 * A local cluster on the suites' shared Postgres and S3 server, with databases and a bucket of its
 * own, and the short intervals tests need: 1 s scrapes and rule evaluations, restarts after half a
 * second. No traffic unless `overrides` asks for it.
 */
export async function startTestCluster(
  shared: SharedServers,
  overrides: Partial<LocalClusterOptions> = {},
): Promise<RunningLocalCluster> {
  const suffix = randomBytes(4).toString('hex');
  return startLocalCluster({
    dataDir: await mkdtemp(join(shared.scratchDir, 'local-cluster-')),
    databaseUrl: shared.adminDatabaseUrl,
    databasePrefix: `lc_${suffix}`,
    s3: { endpoint: shared.s3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3_CREDENTIALS },
    bucket: `lc-${suffix}`,
    scrapeIntervalSeconds: 1,
    evaluationIntervalSeconds: 1,
    restartBackoff: { initialSeconds: 0.5, maxSeconds: 2, resetAfterSeconds: 10 },
    stopGraceSeconds: 3,
    // Errors only, to the test's stderr: a part of the cluster that fails or hangs while stopping is named there.
    logger: pino({ level: 'error' }, pino.destination(2)),
    ...overrides,
  });
}

export interface ControlAnswer<T = unknown> {
  status: number;
  contentType: string;
  body: T;
}

/** The control API as the chaos runner's local driver sees it: JSON over HTTP. */
export class ControlClient {
  constructor(private readonly baseUrl: string) {}

  get<T = unknown>(path: string): Promise<ControlAnswer<T>> {
    return this.send<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<ControlAnswer<T>> {
    return this.send<T>('POST', path, body === undefined ? undefined : JSON.stringify(body));
  }

  /** A body sent as is, for requests that are not JSON at all. */
  postRaw<T = unknown>(path: string, body: string): Promise<ControlAnswer<T>> {
    return this.send<T>('POST', path, body);
  }

  delete(path: string): Promise<ControlAnswer> {
    return this.send('DELETE', path);
  }

  private async send<T>(method: string, path: string, body?: string): Promise<ControlAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    return {
      status: response.status,
      contentType,
      body: (contentType.includes('json') && text ? JSON.parse(text) : text) as T,
    };
  }
}
