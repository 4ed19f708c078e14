import 'reflect-metadata';
import { loadEnvironment } from '@scale/config';
import { resolveDatabase } from '@scale/embedded-servers';
import { createLogger, shutdownTelemetry } from '@scale/telemetry';
import { createApiApp } from './api-app';

/** The similar-songs API and its page. SIGTERM: stop accepting, finish in-flight requests, exit. */
async function main(): Promise<void> {
  const environment = loadEnvironment();
  const logger = createLogger('scale-api', environment.LOG_LEVEL);
  const database = await resolveDatabase(environment);
  const app = await createApiApp({ environment, databaseUrl: database.url, logger });
  await app.listen(environment.API_PORT, '0.0.0.0');
  logger.info({ port: environment.API_PORT }, `API serving on http://127.0.0.1:${environment.API_PORT}/`);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping: finishing requests in flight');
    // Stop accepting and let the requests in flight finish while the database is still there;
    // only then close the modules (Nest would close its pool first and fail those requests).
    const server = app.getHttpServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
    await database.stop();
    await shutdownTelemetry();
    process.exit(0);
  };
  // A signal handler cannot wait: `stop` runs to its end and exits the process.
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`scale-api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
