import 'reflect-metadata';
import { loadEnvironment } from '@scale/config';
import { createLogger, shutdownTelemetry } from '@scale/telemetry';
import { prepareInfrastructure, serve } from './extraction-run';

/** The extractor as a long-running service (`scale extract` without --serve is the one-shot mode). */
async function main(): Promise<void> {
  const environment = loadEnvironment();
  const logger = createLogger('scale-extractor', environment.LOG_LEVEL);
  const infrastructure = await prepareInfrastructure(environment, logger);
  const app = await serve(environment, infrastructure, logger);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await app.close();
    await infrastructure.stop();
    await shutdownTelemetry();
    process.exit(process.exitCode ?? 0);
  };
  // A signal handler cannot wait: `stop` runs to its end and exits the process.
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`scale-extractor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
