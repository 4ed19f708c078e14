import type { ScrapeTarget } from '@scale/monitoring-stack';
import { EPHEMERAL_STORAGE_LIMIT_VARIABLE } from '@scale/telemetry';
import { GROUPS, type ClusterS3, type Group } from '../cluster-options';

export type ReplicaRole = 'api' | 'extractor';
const ROLES: readonly ReplicaRole[] = ['api', 'extractor'];

const SERVICES = { api: 'scale-api', extractor: 'scale-extractor' } as const;

/** What a replica is, fixed for the cluster's lifetime: restarts keep its id, port and environment. */
export interface ReplicaSpec {
  id: string;
  role: ReplicaRole;
  service: (typeof SERVICES)[ReplicaRole];
  group: Group;
  zone: string;
  /** The port it serves on, /metrics included (API_PORT or EXTRACTOR_PORT). */
  port: number;
}

export function replicaId(group: Group, role: ReplicaRole, zone: string): string {
  return `${group}-${role}-${zone}`;
}

/** One API and one extractor per group and zone, each given one of `ports` in turn. */
export function planReplicas(zones: readonly string[], ports: readonly number[]): ReplicaSpec[] {
  const count = GROUPS.length * zones.length * ROLES.length;
  if (ports.length !== count) throw new Error(`${count} replicas need ${count} ports, got ${ports.length}`);
  const specs: ReplicaSpec[] = [];
  for (const group of GROUPS) {
    for (const zone of zones) {
      for (const role of ROLES) {
        specs.push({
          id: replicaId(group, role, zone),
          role,
          service: SERVICES[role],
          group,
          zone,
          port: ports[specs.length],
        });
      }
    }
  }
  return specs;
}

export function replicaAddress(spec: ReplicaSpec): string {
  return `127.0.0.1:${spec.port}`;
}

export interface ReplicaSurroundings {
  /** The catalog database of the replica's group. */
  databaseUrl: string;
  s3: ClusterS3;
  bucket: string;
  extractorConcurrency: number;
  /** Its writable space and that space's limit, as a container's writable layer and ephemeral-storage limit. */
  scratch?: { directory: string; limitBytes: number };
}

// Passed through from the cluster's own environment: where to send traces and errors, and what a
// process needs to run at all. Anything else (NODE_OPTIONS, a test runner's variables) stays out.
const INHERITED =
  /^(PATH|HOME|LANG|LC_[A-Z]+|TZ|OTEL_[A-Z0-9_]+|SENTRY_[A-Z0-9_]+|DEPLOYMENT_ENVIRONMENT|NODE_EXTRA_CA_CERTS)$/;

/** A replica's environment, as a pod spec's `env` would set it. */
export function replicaEnvironment(
  spec: ReplicaSpec,
  surroundings: ReplicaSurroundings,
  inherited: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && INHERITED.test(name)) environment[name] = value;
  }
  Object.assign(environment, {
    SCALE_GROUP: spec.group,
    SCALE_ZONE: spec.zone,
    DATABASE_URL: surroundings.databaseUrl,
    LOG_LEVEL: 'warn',
  });
  if (surroundings.scratch) {
    // The limit as Kubernetes' downward API would state it (resourceFieldRef limits.ephemeral-storage).
    Object.assign(environment, {
      TMPDIR: surroundings.scratch.directory,
      [EPHEMERAL_STORAGE_LIMIT_VARIABLE]: String(surroundings.scratch.limitBytes),
    });
  }
  if (spec.role === 'api') {
    Object.assign(environment, { API_PORT: String(spec.port), SIMILARITY_REFRESH_SECONDS: '1' });
  } else {
    const { s3 } = surroundings;
    Object.assign(environment, {
      EXTRACTOR_PORT: String(spec.port),
      DISCOVERY_INTERVAL_SECONDS: '1',
      EXTRACTOR_CONCURRENCY: String(surroundings.extractorConcurrency),
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_FORCE_PATH_STYLE: String(s3.forcePathStyle),
      S3_BUCKET: surroundings.bucket,
      ...(s3.credentials && {
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      }),
    });
  }
  return { ...environment, ...extra };
}

/** Prometheus targets: every replica by its id, scraped at its fixed address whether it is up or not. */
export function replicaScrapeTargets(specs: readonly ReplicaSpec[]): ScrapeTarget[] {
  return specs.map((spec) => ({
    address: replicaAddress(spec),
    labels: { service: spec.service, group: spec.group, zone: spec.zone, instance: spec.id },
  }));
}
