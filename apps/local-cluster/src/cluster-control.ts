import type { ClusterInfo, Group, ReplicaView } from './cluster-options';
import { InvalidRequestError, ReplicaConflictError, UnknownReplicaError } from './control/cluster-errors';
import type { CpuHogRequest, CpuHogs, CpuHogView } from './faults/cpu-hogs';
import type { ReplicaSupervisor } from './replicas/replica-supervisor';

export type ReplicaSignal = 'SIGTERM' | 'SIGKILL' | 'SIGSTOP' | 'SIGCONT';

/**
 * What the control API can do to the cluster: the faults a chaos runner injects, each on the
 * replicas the cluster supervises. Requests are checked here (which replica, which zone, in which
 * state); the HTTP layer only translates.
 */
export class ClusterControl {
  private readonly byId: Map<string, ReplicaSupervisor>;

  constructor(
    /** Read on each request: the control URL is only known once the control API listens. */
    private readonly clusterInfo: () => ClusterInfo,
    private readonly supervisors: readonly ReplicaSupervisor[],
    private readonly hogs: CpuHogs,
  ) {
    this.byId = new Map(supervisors.map((supervisor) => [supervisor.spec.id, supervisor]));
  }

  info(): ClusterInfo {
    return this.clusterInfo();
  }

  replicas(): ReplicaView[] {
    return this.supervisors.map((supervisor) => this.view(supervisor));
  }

  replica(id: string): ReplicaView {
    return this.view(this.find(id));
  }

  logs(id: string): string {
    return this.find(id).logs.text();
  }

  /** A signal to the replica's process; whatever exits is restarted by its supervisor. */
  async signal(id: string, signal: ReplicaSignal): Promise<ReplicaView> {
    const supervisor = this.find(id);
    if (!(await supervisor.signal(signal))) throw this.noProcess(supervisor);
    return this.view(supervisor);
  }

  /** A pod kill: SIGKILL to every process of the replica, its CPU hogs included; the replica restarts. */
  async killPod(id: string): Promise<ReplicaView> {
    const supervisor = this.find(id);
    if (supervisor.pid === undefined) throw this.noProcess(supervisor);
    await supervisor.signal('SIGKILL');
    await this.hogs.stopFor(id);
    return this.view(supervisor);
  }

  /** Stops every replica of the group in the zone and holds them down; resolves once they have exited. */
  async zoneDown(group: Group, zone: string): Promise<ReplicaView[]> {
    const affected = this.inZone(group, zone);
    await Promise.all(
      affected.map(async (supervisor) => {
        await this.hogs.stopFor(supervisor.spec.id);
        await supervisor.holdDown();
      }),
    );
    return affected.map((supervisor) => this.view(supervisor));
  }

  /** Starts the replicas a zone outage held down (at once, without backoff). */
  zoneUp(group: Group, zone: string): ReplicaView[] {
    const affected = this.inZone(group, zone);
    for (const supervisor of affected) supervisor.release();
    return affected.map((supervisor) => this.view(supervisor));
  }

  startCpuHog(id: string, request: CpuHogRequest): Promise<CpuHogView> {
    const supervisor = this.find(id);
    // The replica's node is down: there is nowhere to run a process.
    if (supervisor.state() === 'zone-down') {
      throw new ReplicaConflictError(`replica ${id} is held down by a zone outage`);
    }
    return this.hogs.start(id, request);
  }

  stopCpuHog(id: string): Promise<void> {
    return this.hogs.stop(id);
  }

  cpuHogs(): CpuHogView[] {
    return this.hogs.list();
  }

  private find(id: string): ReplicaSupervisor {
    const supervisor = this.byId.get(id);
    if (!supervisor) throw new UnknownReplicaError(id);
    return supervisor;
  }

  private inZone(group: Group, zone: string): ReplicaSupervisor[] {
    const { zones } = this.clusterInfo();
    if (!zones.includes(zone)) {
      throw new InvalidRequestError([{ field: 'zone', message: `must be one of ${zones.join(', ')}` }]);
    }
    return this.supervisors.filter((supervisor) => supervisor.spec.group === group && supervisor.spec.zone === zone);
  }

  private view(supervisor: ReplicaSupervisor): ReplicaView {
    return supervisor.view(this.hogs.pidsOf(supervisor.spec.id));
  }

  private noProcess(supervisor: ReplicaSupervisor): ReplicaConflictError {
    return new ReplicaConflictError(
      `replica ${supervisor.spec.id} has no process to signal (state ${supervisor.state()})`,
    );
  }
}
