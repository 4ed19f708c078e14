import { loadEnvironment } from '@scale/config';
import { describe, expect, it } from 'vitest';
import { clusterOptionsFromEnvironment } from './cluster-environment';
import { loadClusterSettings } from './cluster-settings';

const options = (env: Record<string, string>) =>
  clusterOptionsFromEnvironment(loadEnvironment(env), loadClusterSettings(env));

describe('clusterOptionsFromEnvironment', () => {
  it('starts embedded servers in a folder of its own, with traffic, when nothing is configured', () => {
    const configured = options({ SCALE_DATA_DIR: '/data' });
    expect(configured).toMatchObject({
      dataDir: '/data/local-cluster',
      controlPort: 3100,
      zones: ['a', 'b'],
      databaseUrl: undefined,
      s3: undefined,
      bucket: 'scale-midi',
      alertmanager: {},
      traffic: { requestsPerSecondPerGroup: 20, objectsPerSecond: 1 },
    });
  });

  it('uses the configured servers, webhooks and timings', () => {
    const configured = options({
      DATABASE_URL: 'postgres://u:p@db:5432/scale',
      S3_ENDPOINT: 'http://s3:9000',
      AWS_ACCESS_KEY_ID: 'key',
      AWS_SECRET_ACCESS_KEY: 'secret',
      ALERTMANAGER_LEDGER_WEBHOOK_URL: 'http://runner:3002/alertmanager/webhook',
      ALERTMANAGER_GROUP_WAIT_SECONDS: '1',
      PROMETHEUS_SCRAPE_INTERVAL_SECONDS: '1',
      LOCAL_CLUSTER_RESTART_BACKOFF_INITIAL_SECONDS: '0.5',
    });
    expect(configured).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/scale',
      s3: {
        endpoint: 'http://s3:9000',
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      },
      alertmanager: { ledgerWebhookUrl: 'http://runner:3002/alertmanager/webhook', groupWaitSeconds: 1 },
      scrapeIntervalSeconds: 1,
      restartBackoff: { initialSeconds: 0.5, maxSeconds: 30, resetAfterSeconds: 60 },
    });
  });

  it('sends no traffic when both rates are 0', () => {
    expect(options({ TRAFFIC_RATE_PER_GROUP: '0', TRAFFIC_OBJECTS_PER_SECOND: '0' }).traffic).toBeUndefined();
  });
});
