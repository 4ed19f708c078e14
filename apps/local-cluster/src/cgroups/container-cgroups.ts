import type { CpuCgroups } from './cpu-cgroups';
import type { MemoryCgroups } from './memory-cgroups';

/** What a process joins to be inside a replica's container. */
export interface ContainerCgroups {
  attach(replicaId: string, pid: number): Promise<void>;
}

/**
 * A replica's container as every controller sees it: its process, or a memory hog, joins its memory
 * cgroup first (what it allocates from then on counts against the limit), then its cpu cgroup.
 */
export function containerCgroups(cpu: CpuCgroups, memory: MemoryCgroups): ContainerCgroups {
  return {
    async attach(replicaId, pid) {
      await memory.attach(replicaId, pid);
      await cpu.attach(replicaId, pid);
    },
  };
}
