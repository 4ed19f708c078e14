/**
 * The seam between the chaos runner and the cluster it experiments on: the local cluster of supervised
 * processes now, Kubernetes later. Everything the engine does to the cluster goes through it, so the
 * engine, the fault catalog and the safety checks are the same for both.
 */
export type Group = 'control' | 'experiment';

export interface Replica {
  /** e.g. `experiment-api-a` (a pod's name on Kubernetes). */
  id: string;
  service: string;
  group: Group;
  zone: string;
  /** `host:port` Prometheus scrapes. */
  address: string;
  /** The replica's processes (its containers' main processes), empty while it is not running. */
  pids: number[];
  state: 'running' | 'frozen' | 'stopped' | 'backoff' | 'zone-down';
  restarts: number;
  startedAt: string;
  /** When its last process ended, where the driver knows (a container's last termination on Kubernetes). */
  lastExit?: { at: string } | null;
}

export interface ClusterInfo {
  prometheusUrl: string;
  alertmanagerUrl: string;
  bucket: string;
  zones: string[];
  groups: Record<Group, { databaseUrl: string }>;
  /** Whether CPU hogs share their replica's CPU limit (a cgroup) or run unconfined. */
  cgroups: boolean;
}

export type ContainerSignal = 'SIGTERM' | 'SIGKILL' | 'SIGSTOP' | 'SIGCONT';

export interface CpuHogSpec {
  cores: number;
  loadPercent: number;
  /** The hog ends by itself after this long, even when nothing is left to stop it. */
  timeoutSeconds: number;
}

export interface ClusterDriver {
  readonly name: 'local' | 'kubernetes';
  info(): Promise<ClusterInfo>;
  replicas(): Promise<Replica[]>;
  signal(replicaId: string, signal: ContainerSignal): Promise<void>;
  killPod(replicaId: string): Promise<void>;
  zoneDown(group: Group, zone: string): Promise<void>;
  zoneUp(group: Group, zone: string): Promise<void>;
  startCpuHog(replicaId: string, hog: CpuHogSpec): Promise<{ id: string }>;
  stopCpuHog(hogId: string): Promise<void>;
}

/** Injection token of the driver the runner was started with. */
export const CLUSTER_DRIVER = Symbol('CLUSTER_DRIVER');

/** The cluster could not be reached or refused what was asked; the message says which and why. */
export class ClusterDriverError extends Error {
  override readonly name = 'ClusterDriverError';
  constructor(
    message: string,
    /** The HTTP status the cluster answered with, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}
