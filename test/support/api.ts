import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadEnvironment } from '@scale/config';
import { createLogger } from '@scale/telemetry';
import { createApiApp } from '../../apps/api/src/api-app';
import { eventually } from './extractor';

export interface RunningApi {
  readonly app: NestExpressApplication;
  readonly url: string;
  get<T = unknown>(path: string): Promise<{ status: number; body: T }>;
}

/** The API in this process on a free port, ready (index loaded) before it is returned. */
export async function startApi(databaseUrl: string): Promise<RunningApi> {
  const environment = loadEnvironment({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    SIMILARITY_REFRESH_SECONDS: '0.2',
  });
  const app = await createApiApp({ environment, databaseUrl, logger: createLogger('scale-api-test', 'warn') });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const get = async <T>(path: string) => {
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  };
  await eventually('the API to be ready', async () => (await get('/readyz')).status === 200, 60_000, 100);
  return { app, url, get };
}
