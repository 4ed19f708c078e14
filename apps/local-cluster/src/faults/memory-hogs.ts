import type { ContainerCgroups } from '../cgroups/container-cgroups';
import { MiB, type MemoryCgroups } from '../cgroups/memory-cgroups';
import { ReplicaConflictError } from '../control/cluster-errors';
import { DetachedHogs, type HogView } from './detached-hogs';

/**
 * `megabytes` MiB, or what keeps the replica's container at `sharePercent` of its memory limit (what the
 * replica holds counts, as a disk fill counts what the space holds); exactly one (the request schema sees to it).
 */
export interface MemoryHogRequest {
  megabytes?: number;
  sharePercent?: number;
  timeoutSeconds: number;
}

interface MemoryHogDetails extends MemoryHogRequest {
  /** What it allocates at first; with a share, what the container lacked then. */
  bytes: number;
  /** With a share: the container's working set it holds, allocating and giving back as the replica's own memory moves. */
  targetBytes: number | null;
  /** The replica's memory limit; null without memory cgroups. */
  limitBytes: number | null;
}

/** `confined`: it runs in the replica's memory cgroup, against the replica's limit. */
export interface MemoryHogView extends MemoryHogDetails, HogView {}

export interface MemoryHogsOptions {
  /** The compiled memory-hog.js. */
  program: string;
  nodePath: string;
  memory: MemoryCgroups;
  /** Every cgroup of the replica's container: the hog joins them all, memory first. */
  container: ContainerCgroups;
}

/** The memory hogs the cluster started, each a detached process that holds its memory until its own timeout. */
export class MemoryHogs extends DetachedHogs<MemoryHogDetails> {
  private readonly memory: MemoryCgroups;

  constructor({ program, nodePath, memory, container }: MemoryHogsOptions) {
    super({
      program,
      nodePath,
      // A hog holding a share gives memory back, and only the collector frees a Buffer's.
      nodeOptions: ['--expose-gc'],
      // A fixed threshold has glibc map every chunk of its own and unmap it when freed. Left dynamic, it
      // rises after the first free, later chunks come from the heap, and freeing them can leave the
      // memory charged to the container (a hog would give back and the working set not move).
      env: { MALLOC_MMAP_THRESHOLD_: String(128 * 1024) },
      idPrefix: 'memhog',
      cgroups: container,
      confined: memory.enabled,
    });
    this.memory = memory;
  }

  /** The working set a share asks the container to be held at; a share needs a limit to take it of. */
  targetOf(request: MemoryHogRequest): number | null {
    if (request.sharePercent === undefined) return null;
    const limit = this.memory.limitBytes;
    if (limit === undefined) {
      throw new ReplicaConflictError(
        'sharePercent: the replicas run without a memory limit (no writable cgroup v1 memory controller); ask for megabytes instead',
      );
    }
    return Math.round((limit * request.sharePercent) / 100);
  }

  async start(replicaId: string, request: MemoryHogRequest): Promise<MemoryHogView> {
    const targetBytes = this.targetOf(request);
    const bytes =
      targetBytes === null
        ? (request.megabytes ?? 0) * MiB
        : Math.max(0, targetBytes - (await this.memory.workingSetOf(replicaId)));
    // The hog waits until it is in this cgroup, so that nothing it touches counts against another.
    const cgroup = this.memory.pathOf(replicaId);
    const args = [
      ...(targetBytes === null ? ['--bytes', String(bytes)] : ['--target', String(targetBytes)]),
      '--timeout',
      String(request.timeoutSeconds),
      ...(cgroup ? ['--cgroup', cgroup] : []),
    ];
    return this.launch(replicaId, args, { ...request, bytes, targetBytes, limitBytes: this.memory.limitBytes ?? null });
  }
}
