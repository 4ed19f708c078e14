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

/** A memory hog: `megabytes` MiB, or what keeps the container at `sharePercent` of its memory limit (exactly one). */
export interface MemoryHogSpec {
  megabytes?: number;
  sharePercent?: number;
  /** The hog ends by itself after this long, even when nothing is left to stop it. */
  timeoutSeconds: number;
}

/** A fill of a container's writable space until it holds `sharePercent` of its ephemeral-storage limit. */
export interface DiskFillSpec {
  sharePercent: number;
}

export interface PodKill {
  /** Seconds the pod is given to stop after SIGTERM; 0 kills it at once. */
  gracePeriodSeconds: number;
}

/** What a zone outage changed that its revert must undo, kept in its revert record. */
export interface ZoneOutageChanges {
  /** The nodes it cordoned (Kubernetes `nodes` mode): exactly these, and only these, are uncordoned. */
  cordonedNodes?: string[];
}

/** A fault on the network between a group's services and its database (see the `database-network` fault). */
export interface NetworkFaultSpec {
  latencyMs: number;
  jitterMs: number;
  lossProbability: number;
  resetProbability: number;
}

export interface ClusterDriver {
  readonly name: 'local' | 'kubernetes';
  info(): Promise<ClusterInfo>;
  replicas(): Promise<Replica[]>;
  signal(replicaId: string, signal: ContainerSignal): Promise<void>;
  killPod(replicaId: string, kill: PodKill): Promise<void>;
  /**
   * Throws a TargetSelectionError when the cluster cannot take this zone down without touching what
   * is not the group's (a node shared with the control group). Asked before the injection, and again
   * by `zoneDown` itself; a cluster with no such limit has none.
   */
  checkZoneOutage?(group: Group, zone: string): Promise<void>;
  /** Takes the group's zone down; returns what its revert must know, if anything. */
  zoneDown(group: Group, zone: string): Promise<ZoneOutageChanges | void>;
  /** Undoes `zoneDown` from what it returned (nothing when the runner stopped before recording it). */
  zoneUp(group: Group, zone: string, changes?: ZoneOutageChanges): Promise<void>;
  startCpuHog(replicaId: string, hog: CpuHogSpec): Promise<{ id: string }>;
  stopCpuHog(hogId: string): Promise<void>;
  /** Starts a memory hog in the replica's container (its memory cgroup); absent where the cluster cannot. */
  startMemoryHog?(replicaId: string, hog: MemoryHogSpec): Promise<{ id: string }>;
  stopMemoryHog?(hogId: string): Promise<void>;
  /** Fills the replica's writable space; absent where the cluster cannot. */
  fillDisk?(replicaId: string, fill: DiskFillSpec): Promise<void>;
  /** Removes every fill of the replica's writable space; safe to repeat. */
  clearDiskFills?(replicaId: string): Promise<void>;
  /** Puts the fault on the group's database link (a fault proxy), replacing any; absent where the cluster has no proxy. */
  setNetworkFault?(group: Group, fault: NetworkFaultSpec): Promise<void>;
  /** Throws a TargetSelectionError, before the injection, when the group's link has no fault proxy to take a fault. */
  checkNetworkFault?(group: Group): Promise<void>;
  /** Takes every fault off the group's database link; safe to repeat. */
  clearNetworkFault?(group: Group): Promise<void>;
  /** The load sent to the group as a multiple of its steady load (1); absent where the cluster sends none. */
  setTrafficMultiplier?(group: Group, multiplier: number): Promise<void>;
  /** Throws a TargetSelectionError, before the injection, when nothing sends the group traffic to multiply. */
  checkTrafficMultiplier?(group: Group): Promise<void>;
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
