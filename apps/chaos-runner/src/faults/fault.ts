import type { ExperimentDocument, FaultKind } from '@scale/chaos';
import type { ClusterDriver, Group, Replica } from '../drivers/driver';

/**
 * What undoes one injection, as stored in its revert record before the fault is injected: the kind and
 * ids are all a runner started after a crash needs.
 */
export interface RevertTarget {
  replicaId?: string;
  /** A CPU or memory hog's id, known once the hog started. */
  hogId?: string | null;
  group?: Group;
  zone?: string;
  /** The nodes a zone outage cordoned (Kubernetes `nodes` mode), known once it is injected. */
  cordonedNodes?: string[];
}

/** One injection of a fault: on one replica, or on one zone of the experiment group. */
export interface PlannedInjection {
  /** The replicas it hits. */
  replicaIds: string[];
  /** What the revert record holds before the injection. */
  revert: RevertTarget;
}

/** The state of the targets just before the injection, to tell afterwards that the fault took effect. */
export type ReplicaSnapshot = ReadonlyMap<string, Replica>;

export interface InjectionContext {
  driver: ClusterDriver;
  document: ExperimentDocument;
  /** Seconds after the experiment's end a self-ending fault (a CPU hog) may outlive it. */
  graceSeconds: number;
}

/** What one injection hits: a container, a pod, a zone, or the whole group (its database link, its traffic). */
export type FaultLevel = 'container' | 'pod' | 'zone' | 'group';

export interface FaultKindDefinition {
  readonly kind: FaultKind;
  readonly level: FaultLevel;
  readonly description: string;
  /**
   * The cluster heals it by itself (the supervisor restarts what was killed): nothing to revert, and
   * recovery is watched for from the injection on rather than from the end of the run.
   */
  readonly selfHealing: boolean;
  /** JSON schema of `fault.params`, for GET /faults. */
  readonly params: Record<string, unknown>;
  /** The injections the document asks for, from the cluster's replicas (throws TargetSelectionError). */
  plan(document: ExperimentDocument, replicas: readonly Replica[], random?: () => number): PlannedInjection[];
  /**
   * What the plan cannot tell from the replicas alone, asked of the cluster before the injection:
   * throws TargetSelectionError when the cluster cannot take the fault as planned.
   */
  confirm?(injection: PlannedInjection, driver: ClusterDriver): Promise<void>;
  /** Injects; returns the revert target completed with what the injection produced (a hog's id). */
  inject(injection: PlannedInjection, context: InjectionContext): Promise<RevertTarget>;
  /** Null once the fault shows in the replicas' state; otherwise what is still missing. */
  check(injection: PlannedInjection, before: ReplicaSnapshot, now: readonly Replica[]): string | null;
  /** Undoes an injection from its revert record. Safe to repeat, and for an injection that never happened. */
  revert(target: RevertTarget, driver: ClusterDriver): Promise<void>;
}
