import 'reflect-metadata';
import { loadEnvironment } from '@scale/config';
import { resolveDatabase } from '@scale/embedded-servers';
import { createLogger, shutdownTelemetry } from '@scale/telemetry';
import { loadAuthSettings } from './auth/auth-settings';
import { createRunnerApp } from './runner-app';
import { loadRunnerSettings } from './settings/runner-settings';

/**
 * The chaos runner. At start-up it reverts whatever faults a crashed runner left behind; on SIGTERM it
 * stops its experiments, reverts their faults and records how they ended before exiting.
 */
async function main(): Promise<void> {
  const environment = loadEnvironment();
  const settings = loadRunnerSettings();
  const auth = loadAuthSettings();
  const logger = createLogger('scale-chaos-runner', environment.LOG_LEVEL);
  const database = await resolveDatabase(environment);
  const app = await createRunnerApp({ environment, settings, auth, databaseUrl: database.url, logger });
  await app.listen(settings.CHAOS_RUNNER_PORT, '0.0.0.0');
  logger.info(
    { port: settings.CHAOS_RUNNER_PORT, driver: settings.CHAOS_DRIVER },
    `chaos runner serving on http://127.0.0.1:${settings.CHAOS_RUNNER_PORT}/`,
  );
  if (auth.tokens.length === 0) {
    logger.warn('no RUNNER_TOKENS or RUNNER_READONLY_TOKENS: every guarded endpoint answers 401');
  }
  if (auth.webhookToken === undefined) {
    logger.warn(
      'no RUNNER_WEBHOOK_TOKEN: the alert webhook answers 401 to every notification, so no alert is recorded',
    );
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: reverting the faults of running experiments');
    // app.close() runs the shutdown hooks: runs revert and write down how they ended, then the database closes.
    await app.close();
    await database.stop();
    await shutdownTelemetry();
    process.exit(0);
  };
  // A signal handler cannot wait: `stop` runs to its end and exits the process.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`scale-chaos-runner: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
