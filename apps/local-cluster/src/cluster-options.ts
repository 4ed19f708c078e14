import type { AlertmanagerOptions, ScrapeTarget } from '@scale/monitoring-stack';
import type { Logger } from '@scale/telemetry';
import type { RestartBackoff } from './replicas/restart-backoff';

export const GROUPS = ['control', 'experiment'] as const;
export type Group = (typeof GROUPS)[number];

export const REPLICA_STATES = ['running', 'frozen', 'stopped', 'backoff', 'zone-down'] as const;
export type ReplicaState = (typeof REPLICA_STATES)[number];

/** A replica as the control API shows it: the local stand-in for a pod with one container. */
export interface ReplicaView {
  /** `<group>-<api|extractor>-<zone>`, e.g. `experiment-api-a` */
  id: string;
  service: 'scale-api' | 'scale-extractor';
  group: Group;
  zone: string;
  /** `127.0.0.1:<port>`; kept across restarts, so the scrape target and the traffic keep their address. */
  address: string;
  /** The replica's process first, then the CPU hogs running in it. Empty while it has no process. */
  pids: number[];
  state: ReplicaState;
  /** Restarts after the process exited on its own or was killed (not the starts after a zone outage). */
  restarts: number;
  /** When its current (or last) process started, ISO 8601. */
  startedAt: string;
  /** How its last process ended, when one has. */
  lastExit: { code: number | null; signal: string | null; at: string } | null;
}

export interface ClusterInfo {
  clusterId: string;
  controlUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  bucket: string;
  s3Endpoint: string;
  /** Replicas run in cpu cgroups of their own, limited to half a core, and CPU hogs join them. */
  cgroups: boolean;
  /** Replicas run in memory cgroups of their own, limited to `memoryLimitBytes`, and memory hogs join them. */
  memoryCgroups: boolean;
  /** Each replica's memory limit; null without memory cgroups. */
  memoryLimitBytes: number | null;
  /** The limit of each replica's writable space (its TMPDIR), measured rather than enforced. */
  ephemeralStorageLimitBytes: number;
  groups: Record<Group, { databaseUrl: string }>;
  zones: string[];
}

/** Object store settings for the replicas (and the traffic that adds objects). */
export interface ClusterS3 {
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface LocalClusterOptions {
  /** Where the embedded servers, Prometheus and Alertmanager keep their data. */
  dataDir: string;
  /** Names the cluster's cgroups and hog ids; random when left out. */
  clusterId?: string;
  /** Zones with one API and one extractor replica per group; default ['a', 'b']. */
  zones?: readonly string[];
  /** Loopback port of the control API; 0 (the default) picks a free one. */
  controlPort?: number;
  /** A Postgres server to create the group databases on; an embedded one is started when left out. */
  databaseUrl?: string;
  /** The group databases are `<prefix>_control` and `<prefix>_experiment`; default `scale`. */
  databasePrefix?: string;
  /** An S3 server to use; a local one is started when left out. */
  s3?: ClusterS3;
  /** The bucket both groups read; default `scale-midi`. Created when missing. */
  bucket?: string;
  scrapeIntervalSeconds?: number;
  evaluationIntervalSeconds?: number;
  alertmanager?: AlertmanagerOptions;
  /** Programs Prometheus scrapes beside the replicas and the cluster itself (the chaos runner). */
  scrapeTargets?: readonly ScrapeTarget[];
  restartBackoff?: Partial<RestartBackoff>;
  /** How long a replica gets to exit after SIGTERM before SIGKILL (zone outage, cluster stop); default 5. */
  stopGraceSeconds?: number;
  /** How long start-up waits for every replica to answer /readyz; default 120. */
  readyTimeoutSeconds?: number;
  /** Workers per extractor replica; default 2 (eight Node processes share the machine). */
  extractorConcurrency?: number;
  /** Added to every replica's environment (after the cluster's own settings, so they win). */
  replicaEnvironment?: Readonly<Record<string, string>>;
  /** Each replica's memory limit in MiB (a memory cgroup's); default 512. */
  memoryLimitMiB?: number;
  /** Each replica's ephemeral-storage limit in MiB (its writable space); default 128. */
  ephemeralStorageLimitMiB?: number;
  /** Where `node` is; the cluster's own by default. */
  nodePath?: string;
  /** Where the compiled programs are (the `dist` folder); found from this file by default. */
  distDir?: string;
  /** The traffic generator's settings; no traffic when left out. */
  traffic?: TrafficSettings;
  /** Called once every replica is ready, before start resolves: a place to start more load or checks. */
  onReady?: (cluster: RunningLocalCluster) => Promise<void> | void;
  logger?: Logger;
}

export interface TrafficSettings {
  /** API requests per second sent to each group. */
  requestsPerSecondPerGroup: number;
  /** New MIDI objects put into the shared bucket per second. */
  objectsPerSecond: number;
}

export interface RunningLocalCluster {
  readonly controlUrl: string;
  readonly info: ClusterInfo;
  replicas(): ReplicaView[];
  /** Stops the traffic, the hogs, every replica, the monitoring and the servers started here. Safe to call twice. */
  stop(): Promise<void>;
}
