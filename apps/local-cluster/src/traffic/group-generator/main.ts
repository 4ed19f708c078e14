import { createServer } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { ObjectStore } from '@scale/storage';
import {
  buildVersion,
  createLogger,
  createMetricsRegistry,
  EXPOSITION_CONTENT_TYPES,
  negotiateExposition,
  renderRegistry,
} from '@scale/telemetry';
import { startTraffic } from '../traffic-generator';
import { TrafficSurge } from '../traffic-surge';
import { loadGroupGeneratorSettings } from './group-generator-settings';
import { followMultiplier } from './multiplier-follower';

/**
 * One group's traffic generator on Kubernetes (the chart's `traffic.enabled`): the local cluster's
 * generator loading this group's API Service alone, its load multiplied by what the release's ConfigMap
 * says (the chaos runner's traffic surge), its counters on /metrics, until SIGTERM.
 */
async function main(): Promise<void> {
  const settings = loadGroupGeneratorSettings();
  const group = settings.TRAFFIC_GROUP;
  const logger = createLogger('scale-traffic-generator', settings.LOG_LEVEL);
  const registry = createMetricsRegistry({
    service: 'scale-traffic-generator',
    group,
    zone: process.env.SCALE_ZONE ?? '',
    version: buildVersion(),
  });
  const store = new ObjectStore({
    endpoint: settings.S3_ENDPOINT,
    region: settings.S3_REGION,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
  });
  const surge = new TrafficSurge();
  const traffic = startTraffic({
    ratePerGroup: settings.TRAFFIC_REQUESTS_PER_SECOND,
    objectsPerSecond: settings.TRAFFIC_OBJECTS_PER_SECOND,
    endpoints: () => ({ control: [], experiment: [], [group]: [settings.TRAFFIC_API_URL] }),
    groups: [group],
    store,
    bucket: settings.S3_BUCKET,
    registry,
    surge,
  });
  const kubeConfig = new KubeConfig();
  // In its pod: the ServiceAccount's token; KUBECONFIG when run elsewhere.
  kubeConfig.loadFromDefault();
  const follower = followMultiplier(
    {
      kubeConfig,
      namespace: settings.POD_NAMESPACE,
      configMap: settings.TRAFFIC_CONFIGMAP,
      pollMs: settings.TRAFFIC_MULTIPLIER_POLL_SECONDS * 1000,
    },
    (multiplier) => {
      surge.set(group, multiplier);
      logger.info({ group, multiplier }, 'traffic multiplier');
    },
    (error) => logger.warn({ err: error }, 'could not read the traffic multiplier; keeping the current one'),
  );
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(request.url === '/healthz' ? 200 : 404).end();
    const format = negotiateExposition(request.headers.accept);
    void renderRegistry(registry, format).then(
      (body) => response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPES[format] }).end(body),
      () => response.writeHead(500).end(),
    );
  }).listen(settings.TRAFFIC_PORT);
  logger.info({ group, api: settings.TRAFFIC_API_URL, port: settings.TRAFFIC_PORT }, 'traffic started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the traffic');
    await follower.stop();
    await traffic.stop();
    store.destroy();
    server.close();
    process.exit(0);
  };
  // A signal handler cannot wait: `stop` runs to its end and exits the process.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`scale-traffic-generator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
