import { join, resolve } from 'node:path';
import type { Environment } from '@scale/config';
import type { AlertmanagerOptions } from '@scale/monitoring-stack';
import type { LocalClusterOptions } from './cluster-options';
import type { ClusterSettings } from './cluster-settings';

/** The cluster's options as the program reads them from its environment. */
export function clusterOptionsFromEnvironment(
  environment: Environment,
  settings: ClusterSettings,
): LocalClusterOptions {
  const alertmanager: AlertmanagerOptions = {
    ledgerWebhookUrl: environment.ALERTMANAGER_LEDGER_WEBHOOK_URL,
    ledgerWebhookToken: environment.ALERTMANAGER_LEDGER_WEBHOOK_TOKEN,
    oncallWebhookUrl: environment.ALERTMANAGER_ONCALL_WEBHOOK_URL,
    groupWaitSeconds: settings.ALERTMANAGER_GROUP_WAIT_SECONDS,
    groupIntervalSeconds: settings.ALERTMANAGER_GROUP_INTERVAL_SECONDS,
    repeatIntervalSeconds: settings.ALERTMANAGER_REPEAT_INTERVAL_SECONDS,
  };
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = environment;
  const traffic = settings.TRAFFIC_RATE_PER_GROUP > 0 || settings.TRAFFIC_OBJECTS_PER_SECOND > 0;
  return {
    // Its own folder: the embedded Postgres of `npm run api` lives in SCALE_DATA_DIR itself, and may be running.
    dataDir: join(resolve(environment.SCALE_DATA_DIR), 'local-cluster'),
    controlPort: settings.LOCAL_CLUSTER_PORT,
    zones: settings.LOCAL_CLUSTER_ZONES,
    databaseUrl: environment.DATABASE_URL,
    databasePrefix: settings.LOCAL_CLUSTER_DATABASE_PREFIX,
    s3: environment.S3_ENDPOINT
      ? {
          endpoint: environment.S3_ENDPOINT,
          region: environment.S3_REGION,
          forcePathStyle: environment.S3_FORCE_PATH_STYLE,
          credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
        }
      : undefined,
    bucket: environment.S3_BUCKET,
    scrapeIntervalSeconds: environment.PROMETHEUS_SCRAPE_INTERVAL_SECONDS,
    evaluationIntervalSeconds: environment.PROMETHEUS_EVALUATION_INTERVAL_SECONDS,
    alertmanager: Object.fromEntries(Object.entries(alertmanager).filter(([, value]) => value !== undefined)),
    restartBackoff: {
      initialSeconds: settings.LOCAL_CLUSTER_RESTART_BACKOFF_INITIAL_SECONDS,
      maxSeconds: settings.LOCAL_CLUSTER_RESTART_BACKOFF_MAX_SECONDS,
      resetAfterSeconds: settings.LOCAL_CLUSTER_RESTART_BACKOFF_RESET_SECONDS,
    },
    stopGraceSeconds: settings.LOCAL_CLUSTER_STOP_GRACE_SECONDS,
    extractorConcurrency: settings.LOCAL_CLUSTER_EXTRACTOR_CONCURRENCY,
    memoryLimitMiB: settings.LOCAL_CLUSTER_MEMORY_LIMIT_MIB,
    ephemeralStorageLimitMiB: settings.LOCAL_CLUSTER_EPHEMERAL_STORAGE_LIMIT_MIB,
    traffic: traffic
      ? {
          requestsPerSecondPerGroup: settings.TRAFFIC_RATE_PER_GROUP,
          objectsPerSecond: settings.TRAFFIC_OBJECTS_PER_SECOND,
        }
      : undefined,
  };
}
