import 'reflect-metadata';
import { loadEnvironment } from '@scale/config';
import { createLogger, shutdownTelemetry } from '@scale/telemetry';
import { clusterOptionsFromEnvironment } from './cluster-environment';
import { loadClusterSettings } from './cluster-settings';
import { startLocalCluster } from './local-cluster';

/**
 * The local cluster as a program: both groups' replicas, Prometheus, Alertmanager, the traffic and
 * the control API, until SIGTERM or Ctrl-C stops all of it. Its stdout is one JSON line, the
 * cluster's info (control, Prometheus and Alertmanager URLs), for scripts; logs go to stderr.
 */
async function main(): Promise<void> {
  const environment = loadEnvironment();
  const settings = loadClusterSettings();
  const logger = createLogger('scale-local-cluster', environment.LOG_LEVEL);
  const cluster = await startLocalCluster({ ...clusterOptionsFromEnvironment(environment, settings), logger });
  const { controlUrl, prometheusUrl, alertmanagerUrl, cgroups } = cluster.info;
  logger.info(
    { controlUrl, prometheusUrl, alertmanagerUrl, cgroups },
    `local cluster ready: control API on ${controlUrl}/cluster`,
  );
  process.stdout.write(`${JSON.stringify(cluster.info)}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: traffic, CPU hogs, replicas, monitoring, servers');
    await cluster.stop();
    await shutdownTelemetry();
    process.exit(0);
  };
  // A signal handler cannot wait: `stop` runs to its end and exits the process.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`scale-local-cluster: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
