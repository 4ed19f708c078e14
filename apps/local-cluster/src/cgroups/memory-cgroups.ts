import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseStat } from '@scale/telemetry';
import { createCgroupTree, NO_CGROUP_TREE, type CgroupTree } from './cgroup-tree';
import { cgroupOf } from './process-cgroup';

/** cgroup v1's memory controller, where it is mounted on Linux. */
export const MEMORY_CONTROLLER_ROOT = '/sys/fs/cgroup/memory';
export const MiB = 1024 * 1024;
/**
 * A replica's memory limit unless the cluster is told otherwise. A replica's container holds 175 to
 * 195 MiB under the test traffic (working set, measured on the local cluster); twice that with room to
 * spare, as a usual Kubernetes limit has, keeps it clear of the OOM killer while a memory hog of a few
 * hundred MiB still brings it near the limit.
 */
export const DEFAULT_MEMORY_LIMIT_MIB = 512;

/**
 * A memory cgroup per replica with a limit, as a container has one: a memory hog put in it competes
 * for that limit alone, and the kernel's OOM killer acts within it (memory.oom_control counts its
 * kills). Needs a writable cgroup v1 memory controller (root); without one, `enabled` is false and
 * every method does nothing. What a process allocates once attached counts against the limit.
 */
export interface MemoryCgroups extends CgroupTree {
  readonly enabled: boolean;
  /** The limit of each replica's cgroup, when enabled. */
  readonly limitBytes: number | undefined;
  /** What the replica's container holds now, as cAdvisor's working set; 0 when disabled. */
  workingSetOf(replicaId: string): Promise<number>;
}

export interface MemoryCgroupOptions {
  root?: string;
  limitMiB?: number;
}

export async function createMemoryCgroups(
  clusterId: string,
  replicaIds: readonly string[],
  options: MemoryCgroupOptions = {},
): Promise<MemoryCgroups> {
  const limitBytes = (options.limitMiB ?? DEFAULT_MEMORY_LIMIT_MIB) * MiB;
  const tree = await createCgroupTree(clusterId, replicaIds, {
    root: options.root ?? MEMORY_CONTROLLER_ROOT,
    controller: 'memory',
    probe: 'memory.limit_in_bytes',
    async configure(dir) {
      await writeFile(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
      // The kernel rounds the limit to whole pages: what it holds is the limit.
      if (Number(await readFile(join(dir, 'memory.limit_in_bytes'), 'utf8')) > limitBytes) {
        throw new Error('the memory limit did not take');
      }
    },
  });
  if (!tree) return { ...NO_CGROUP_TREE, limitBytes: undefined, workingSetOf: async () => 0 };
  return {
    enabled: true,
    ...tree,
    limitBytes,
    async workingSetOf(replicaId) {
      const dir = join(tree.directory, replicaId);
      const [usage, stat] = await Promise.all([
        readFile(join(dir, 'memory.usage_in_bytes'), 'utf8'),
        readFile(join(dir, 'memory.stat'), 'utf8'),
      ]);
      return Math.max(0, Number(usage) - (parseStat(stat).get('total_inactive_file') ?? 0));
    },
  };
}

/** The memory cgroup a process is in, from /proc/<pid>/cgroup; undefined when it cannot be read. */
export function memoryCgroupOf(pid: number | 'self'): Promise<string | undefined> {
  return cgroupOf(pid, 'memory');
}
