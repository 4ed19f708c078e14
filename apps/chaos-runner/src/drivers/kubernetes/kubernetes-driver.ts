import type { V1Pod } from '@kubernetes/client-node';
import { TargetSelectionError } from '@scale/chaos';
import {
  ClusterDriver,
  ClusterDriverError,
  ClusterInfo,
  ContainerSignal,
  CpuHogSpec,
  Group,
  NetworkFaultSpec,
  PodKill,
  Replica,
  ZoneOutageChanges,
} from '../driver';
import { startBurnerCommand, stopBurnerCommand } from './cpu-burner';
import { evictPods } from './evictions';
import { clearDatabaseLinkFault, requireFaultProxy, setDatabaseLinkFault } from './fault-proxy';
import type { KubeContext } from './kube-context';
import { asking, kubeError } from './kube-errors';
import { LABELS, replicaSelector, ZONE_LABEL } from './labels';
import { execIn, type ExecTarget } from './pod-exec';
import { mainContainerOf, replicaOf, zoneOfPod } from './pod-replica';
import { signalCommand } from './signal-command';
import { requireTrafficConfig, setExperimentTrafficMultiplier } from './traffic-multiplier';
import { excludeZoneFromDeployments, readmitZoneToDeployments } from './zone-exclusion';
import { cordonNodes, dedicatedZoneNodes, uncordonNodes } from './zone-cordon';

export interface KubernetesDriverOptions {
  context: KubeContext;
  /** `namespace`: keep the group's Deployments out of the zone; `nodes`: cordon the zone's (dedicated) nodes. */
  zoneMode: 'namespace' | 'nodes';
  /** What `info()` reports besides the zones, from the runner's settings. */
  cluster: Omit<ClusterInfo, 'zones' | 'cgroups'>;
  execTimeoutMs?: number;
  /** How long evictions a PodDisruptionBudget refuses are retried before the zone outage fails (default 60 s). */
  evictionTimeoutMs?: number;
}

interface Hog {
  pod: string;
  pid: number;
  deadline: number;
}

/**
 * The chaos runner's driver for Kubernetes. Replicas are the pods of the two groups' namespaces that
 * carry the chart's labels; every write (a delete, an exec, an eviction, a Deployment or node patch)
 * is about the experiment namespace only, and a target found anywhere else is refused before
 * anything is sent.
 */
export class KubernetesDriver implements ClusterDriver {
  readonly name = 'kubernetes' as const;
  private readonly context: KubeContext;
  /** Pods whose main process the runner stopped, with the container's restart count then. */
  private readonly frozen = new Map<string, number>();
  private readonly hogs = new Map<string, Hog>();

  constructor(private readonly options: KubernetesDriverOptions) {
    this.context = options.context;
  }

  async info(): Promise<ClusterInfo> {
    const zones = new Set((await this.replicas()).map((replica) => replica.zone).filter((zone) => zone !== ''));
    return { ...this.options.cluster, zones: [...zones].sort(), cgroups: true };
  }

  async replicas(): Promise<Replica[]> {
    const groups = [
      ['experiment', this.context.experimentNamespace],
      ['control', this.context.controlNamespace],
    ] as const;
    const pods = await Promise.all(groups.map(([group, namespace]) => this.groupPods(group, namespace)));
    const nodeZones = await this.nodeZones(pods.flat().map(({ pod }) => pod));
    const now = Date.now();
    return pods.flat().map(({ pod, group }) => {
      const name = pod.metadata?.name ?? '';
      const restarts = this.mainStatus(pod)?.restartCount ?? 0;
      const hogPids = [...this.hogs.values()]
        .filter((hog) => hog.pod === name && hog.deadline > now && group === 'experiment')
        .map((hog) => hog.pid);
      const frozen = group === 'experiment' && this.frozen.get(name) === restarts;
      return replicaOf(pod, group, nodeZones, { frozen, hogPids });
    });
  }

  async signal(replicaId: string, signal: ContainerSignal): Promise<void> {
    const pod = await this.experimentPod(replicaId);
    const purpose = `send ${signal} to the main process`;
    await execIn(
      this.context.kubeConfig,
      this.execTarget(pod),
      signalCommand(signal),
      purpose,
      this.options.execTimeoutMs,
    );
    if (signal === 'SIGSTOP') this.frozen.set(replicaId, this.mainStatus(pod)?.restartCount ?? 0);
    if (signal === 'SIGCONT') this.frozen.delete(replicaId);
  }

  async killPod(replicaId: string, kill: PodKill): Promise<void> {
    await this.experimentPod(replicaId);
    const namespace = this.context.experimentNamespace;
    await asking(`delete pod ${replicaId} in namespace ${namespace}`, () =>
      this.context.core.deleteNamespacedPod({
        name: replicaId,
        namespace,
        gracePeriodSeconds: kill.gracePeriodSeconds,
      }),
    );
  }

  async startCpuHog(replicaId: string, hog: CpuHogSpec): Promise<{ id: string }> {
    const pod = await this.experimentPod(replicaId);
    const target = this.execTarget(pod);
    const command = startBurnerCommand(hog.cores, hog.loadPercent, hog.timeoutSeconds);
    const purpose = `start a CPU hog of ${hog.cores} core(s) at ${hog.loadPercent} %`;
    const output = await execIn(this.context.kubeConfig, target, command, purpose, this.options.execTimeoutMs);
    const pid = Number(output.trim());
    if (!Number.isInteger(pid) || pid <= 0) {
      throw new ClusterDriverError(
        `the CPU hog in pod ${replicaId} did not report its PID (it ends by itself in ${hog.timeoutSeconds} s): got ${JSON.stringify(output.slice(0, 100))}`,
      );
    }
    const id = `${target.namespace}/${target.pod}/${target.container}/${pid}`;
    this.hogs.set(id, { pod: target.pod, pid, deadline: Date.now() + hog.timeoutSeconds * 1000 });
    return { id };
  }

  async stopCpuHog(hogId: string): Promise<void> {
    const [namespace, pod, container, pid] = hogId.split('/');
    if (!namespace || !pod || !container || !/^\d+$/.test(pid ?? '')) {
      throw new ClusterDriverError(
        `${hogId} is not a CPU hog id of the Kubernetes driver (namespace/pod/container/pid)`,
      );
    }
    if (namespace !== this.context.experimentNamespace) throw this.outside(pod, namespace);
    const current = await this.experimentPod(pod);
    const target = { ...this.execTarget(current), container };
    const purpose = `stop CPU hog ${pid}`;
    await execIn(this.context.kubeConfig, target, stopBurnerCommand(Number(pid)), purpose, this.options.execTimeoutMs);
    this.hogs.delete(hogId);
  }

  async checkZoneOutage(group: Group, zone: string): Promise<void> {
    if (group !== 'experiment') throw new TargetSelectionError('faults only ever take the experiment group down');
    if (this.options.zoneMode === 'nodes') await dedicatedZoneNodes(this.context, zone);
  }

  async zoneDown(group: Group, zone: string): Promise<ZoneOutageChanges> {
    if (group !== 'experiment') throw new TargetSelectionError('faults only ever take the experiment group down');
    if (this.options.zoneMode === 'nodes') {
      // Checked again here, at the injection: a pod of another namespace may have been scheduled there since.
      const nodes = await dedicatedZoneNodes(this.context, zone);
      const cordonedNodes = await cordonNodes(this.context, nodes, zone);
      const names = new Set(nodes.map((node) => node.metadata?.name));
      const there = await this.experimentPods((pod) => names.has(pod.spec?.nodeName));
      await evictPods(this.context, there, this.evictions());
      return { cordonedNodes };
    }
    await excludeZoneFromDeployments(this.context, zone);
    const nodeZones = await this.nodeZones(
      (await this.groupPods('experiment', this.context.experimentNamespace)).map(({ pod }) => pod),
    );
    await evictPods(
      this.context,
      await this.experimentPods((pod) => zoneOfPod(pod, nodeZones) === zone),
      this.evictions(),
    );
    return {};
  }

  private evictions() {
    return { timeoutMs: this.options.evictionTimeoutMs ?? 60_000 };
  }

  /** Undoes both modes' changes that are there: a runner restarted with the other mode still reverts. */
  async zoneUp(group: Group, zone: string, changes: ZoneOutageChanges = {}): Promise<void> {
    if (group !== 'experiment') return;
    if (changes.cordonedNodes?.length || this.options.zoneMode === 'nodes') {
      await uncordonNodes(this.context, zone, changes.cordonedNodes);
    }
    await readmitZoneToDeployments(this.context, zone);
  }

  /** Through the experiment group's fault proxy (the chart's `faultProxy.enabled`), reached by the service proxy. */
  async checkNetworkFault(group: Group): Promise<void> {
    experimentOnly(group);
    await requireFaultProxy(this.context);
  }

  async setNetworkFault(group: Group, fault: NetworkFaultSpec): Promise<void> {
    experimentOnly(group);
    await setDatabaseLinkFault(this.context, fault);
  }

  async clearNetworkFault(group: Group): Promise<void> {
    if (group === 'experiment') await clearDatabaseLinkFault(this.context);
  }

  /** Through the experiment group's traffic generator ConfigMap (the chart's `traffic.enabled`). */
  async checkTrafficMultiplier(group: Group): Promise<void> {
    experimentOnly(group);
    await requireTrafficConfig(this.context);
  }

  async setTrafficMultiplier(group: Group, multiplier: number): Promise<void> {
    if (group !== 'experiment' && multiplier === 1) return;
    experimentOnly(group);
    await setExperimentTrafficMultiplier(this.context, multiplier);
  }

  private async groupPods(group: Group, namespace: string): Promise<Array<{ pod: V1Pod; group: Group }>> {
    const list = await asking(`list the ${group} group's pods in namespace ${namespace}`, () =>
      this.context.core.listNamespacedPod({ namespace, labelSelector: replicaSelector(group) }),
    );
    return list.items.map((pod) => ({ pod, group }));
  }

  private async experimentPods(where: (pod: V1Pod) => boolean): Promise<string[]> {
    const pods = await this.groupPods('experiment', this.context.experimentNamespace);
    return pods.filter(({ pod }) => where(pod)).map(({ pod }) => pod.metadata?.name ?? '');
  }

  /**
   * The zones of the nodes of pods that do not carry their own zone label. Reading nodes needs a
   * right the `namespace` mode does not have: without it such pods stay in no zone.
   */
  private async nodeZones(pods: readonly V1Pod[]): Promise<Map<string, string>> {
    const zones = new Map<string, string>();
    if (pods.every((pod) => pod.metadata?.labels?.[ZONE_LABEL] || !pod.spec?.nodeName)) return zones;
    try {
      for (const node of (await this.context.core.listNode({ labelSelector: ZONE_LABEL })).items) {
        zones.set(node.metadata?.name ?? '', node.metadata?.labels?.[ZONE_LABEL] ?? '');
      }
    } catch (error) {
      if (kubeError(error, 'list nodes').status !== 403) throw kubeError(error, 'list the nodes to find their zones');
    }
    return zones;
  }

  /**
   * The experiment-group pod a fault is aimed at, read anew: refused when it is anywhere else (the
   * control namespace among them) or not one of the group's replicas.
   */
  private async experimentPod(replicaId: string): Promise<V1Pod> {
    const namespace = this.context.experimentNamespace;
    let pod: V1Pod;
    try {
      pod = await this.context.core.readNamespacedPod({ name: replicaId, namespace });
    } catch (error) {
      const failure = kubeError(error, `read pod ${replicaId} in namespace ${namespace}`);
      if (failure.status === 404 && (await this.isControlPod(replicaId))) {
        throw this.outside(replicaId, this.context.controlNamespace);
      }
      throw failure;
    }
    const labels = pod.metadata?.labels ?? {};
    if (labels[LABELS.partOf] !== 'scale' || labels[LABELS.group] !== 'experiment' || !mainContainerOf(pod)) {
      throw new ClusterDriverError(
        `refusing to touch pod ${replicaId} in namespace ${namespace}: it is not one of the experiment group's replicas (labels ${LABELS.group}=experiment and ${LABELS.component} api or extractor)`,
      );
    }
    return pod;
  }

  private async isControlPod(name: string): Promise<boolean> {
    try {
      await this.context.core.readNamespacedPod({ name, namespace: this.context.controlNamespace });
      return true;
    } catch {
      return false;
    }
  }

  private outside(pod: string, namespace: string): ClusterDriverError {
    return new ClusterDriverError(
      `refusing to touch pod ${pod} in namespace ${namespace}: faults only ever touch the experiment namespace ${this.context.experimentNamespace}`,
    );
  }

  private execTarget(pod: V1Pod): ExecTarget {
    return {
      namespace: this.context.experimentNamespace,
      pod: pod.metadata?.name ?? '',
      container: mainContainerOf(pod) ?? '',
      node: pod.spec?.nodeName,
    };
  }

  private mainStatus(pod: V1Pod) {
    return pod.status?.containerStatuses?.find((status) => status.name === mainContainerOf(pod));
  }
}

function experimentOnly(group: Group): void {
  if (group !== 'experiment') throw new TargetSelectionError('faults only ever touch the experiment group');
}
