import { describe, expect, it } from 'vitest';
import { planReplicas, replicaEnvironment, replicaScrapeTargets } from './replica-plan';

const PORTS = [4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008];
const SURROUNDINGS = {
  databaseUrl: 'postgres://scale:scale@127.0.0.1:5432/scale_experiment',
  s3: {
    endpoint: 'http://127.0.0.1:9000',
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'K', secretAccessKey: 'S' },
  },
  bucket: 'scale-midi',
  extractorConcurrency: 2,
};

describe('planReplicas', () => {
  it('places one API and one extractor per group and zone, each on a port of its own', () => {
    const specs = planReplicas(['a', 'b'], PORTS);
    expect(specs.map((spec) => spec.id)).toEqual([
      'control-api-a',
      'control-extractor-a',
      'control-api-b',
      'control-extractor-b',
      'experiment-api-a',
      'experiment-extractor-a',
      'experiment-api-b',
      'experiment-extractor-b',
    ]);
    expect(new Set(specs.map((spec) => spec.port)).size).toBe(8);
    expect(specs[5]).toEqual({
      id: 'experiment-extractor-a',
      role: 'extractor',
      service: 'scale-extractor',
      group: 'experiment',
      zone: 'a',
      port: 4006,
    });
  });

  it('refuses a port list that does not fit', () => {
    expect(() => planReplicas(['a', 'b', 'c'], PORTS)).toThrow('12 replicas need 12 ports, got 8');
  });
});

describe('replicaEnvironment', () => {
  const [controlApi, controlExtractor] = planReplicas(['a', 'b'], PORTS);

  it('gives the API its port and group, and nothing of the object store', () => {
    const environment = replicaEnvironment(controlApi, SURROUNDINGS, {});
    expect(environment).toMatchObject({
      SCALE_GROUP: 'control',
      SCALE_ZONE: 'a',
      API_PORT: '4001',
      DATABASE_URL: SURROUNDINGS.databaseUrl,
      SIMILARITY_REFRESH_SECONDS: '1',
    });
    expect(environment.S3_ENDPOINT).toBeUndefined();
    expect(environment.EXTRACTOR_PORT).toBeUndefined();
  });

  it('gives the extractor the shared bucket and its credentials', () => {
    expect(replicaEnvironment(controlExtractor, SURROUNDINGS, {})).toMatchObject({
      EXTRACTOR_PORT: '4002',
      DISCOVERY_INTERVAL_SECONDS: '1',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'scale-midi',
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'K',
      AWS_SECRET_ACCESS_KEY: 'S',
    });
  });

  it('passes telemetry settings through but not the rest of the environment, and lets extras win', () => {
    const environment = replicaEnvironment(
      controlApi,
      SURROUNDINGS,
      {
        PATH: '/bin',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        NODE_OPTIONS: '--inspect',
        VITEST: 'true',
        API_PORT: '1',
      },
      { LOG_LEVEL: 'error' },
    );
    expect(environment).toMatchObject({
      PATH: '/bin',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      API_PORT: '4001',
      LOG_LEVEL: 'error',
    });
    expect(environment.NODE_OPTIONS).toBeUndefined();
    expect(environment.VITEST).toBeUndefined();
  });
});

describe('replicaScrapeTargets', () => {
  it('labels each target with the replica id as instance', () => {
    const targets = replicaScrapeTargets(planReplicas(['a', 'b'], PORTS));
    expect(targets).toHaveLength(8);
    expect(targets[6]).toEqual({
      address: '127.0.0.1:4007',
      labels: { service: 'scale-api', group: 'experiment', zone: 'b', instance: 'experiment-api-b' },
    });
  });
});
