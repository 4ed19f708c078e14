import type { ClusterInfo, Group, ReplicaView } from './cluster-options';
import { InvalidRequestError, ReplicaConflictError, UnknownReplicaError } from './control/cluster-errors';
import type { CpuHogRequest, CpuHogs, CpuHogView } from './faults/cpu-hogs';
import type { DiskFillRequest, DiskFills, DiskFillView } from './faults/disk-fills';
import type { MemoryHogRequest, MemoryHogs, MemoryHogView } from './faults/memory-hogs';
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
    /** The faults on a replica's container resources beside CPU: its memory and its writable space. */
    private readonly containers: { memoryHogs: MemoryHogs; diskFills: DiskFills },
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

  /**
   * A pod kill: SIGKILL to every process of the replica, its hogs included; the replica restarts, and
   * its writable space is emptied of fills, as a new pod's is.
   */
  async killPod(id: string): Promise<ReplicaView> {
    const supervisor = this.find(id);
    if (supervisor.pid === undefined) throw this.noProcess(supervisor);
    await supervisor.signal('SIGKILL');
    await Promise.all([
      this.hogs.stopFor(id),
      this.containers.memoryHogs.stopFor(id),
      this.containers.diskFills.clear(id),
    ]);
    return this.view(supervisor);
  }

  /** Stops every replica of the group in the zone and holds them down; resolves once they have exited. */
  async zoneDown(group: Group, zone: string): Promise<ReplicaView[]> {
    const affected = this.inZone(group, zone);
    await Promise.all(
      affected.map(async (supervisor) => {
        await this.hogs.stopFor(supervisor.spec.id);
        await this.containers.memoryHogs.stopFor(supervisor.spec.id);
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
    this.up(id);
    return this.hogs.start(id, request);
  }

  stopCpuHog(id: string): Promise<void> {
    return this.hogs.stop(id);
  }

  cpuHogs(): CpuHogView[] {
    return this.hogs.list();
  }

  startMemoryHog(id: string, request: MemoryHogRequest): Promise<MemoryHogView> {
    this.up(id);
    return this.containers.memoryHogs.start(id, request);
  }

  stopMemoryHog(id: string): Promise<void> {
    return this.containers.memoryHogs.stop(id);
  }

  memoryHogs(): MemoryHogView[] {
    return this.containers.memoryHogs.list();
  }

  fillDisk(id: string, request: DiskFillRequest): Promise<DiskFillView> {
    this.up(id);
    return this.containers.diskFills.fill(id, request);
  }

  diskFills(id?: string): Promise<DiskFillView[]> {
    const ids = id === undefined ? this.supervisors.map((supervisor) => supervisor.spec.id) : [this.find(id).spec.id];
    return Promise.all(ids.map((replicaId) => this.containers.diskFills.list(replicaId))).then((lists) => lists.flat());
  }

  clearDiskFills(id: string): Promise<void> {
    return this.containers.diskFills.clear(this.find(id).spec.id);
  }

  /** The replica, refused while a zone outage holds it down: its node is down, there is nowhere to run or write. */
  private up(id: string): ReplicaSupervisor {
    const supervisor = this.find(id);
    if (supervisor.state() === 'zone-down') {
      throw new ReplicaConflictError(`replica ${id} is held down by a zone outage`);
    }
    return supervisor;
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
    const id = supervisor.spec.id;
    return supervisor.view([...this.hogs.pidsOf(id), ...this.containers.memoryHogs.pidsOf(id)]);
  }

  private noProcess(supervisor: ReplicaSupervisor): ReplicaConflictError {
    return new ReplicaConflictError(
      `replica ${supervisor.spec.id} has no process to signal (state ${supervisor.state()})`,
    );
  }
}
