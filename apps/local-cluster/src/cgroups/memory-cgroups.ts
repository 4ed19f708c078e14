import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseStat } from '@scale/telemetry';
import { removeTree } from './cpu-cgroups';

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
 * every method does nothing.
 */
export interface MemoryCgroups {
  readonly enabled: boolean;
  readonly directory: string | undefined;
  /** The limit of each replica's cgroup, when enabled. */
  readonly limitBytes: number | undefined;
  /** Moves the process into the replica's memory cgroup; what it allocates from then on counts against the limit. */
  attach(replicaId: string, pid: number): Promise<void>;
  /** The replica's cgroup as /proc/<pid>/cgroup names it (`/scale-<cluster>/<replica>`). */
  pathOf(replicaId: string): string | undefined;
  /** What the replica's container holds now, as cAdvisor's working set; 0 when disabled. */
  workingSetOf(replicaId: string): Promise<number>;
  remove(): Promise<void>;
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
  const root = options.root ?? MEMORY_CONTROLLER_ROOT;
  const clusterName = `scale-${clusterId}`;
  const clusterDir = join(root, clusterName);
  const limitBytes = (options.limitMiB ?? DEFAULT_MEMORY_LIMIT_MIB) * MiB;
  try {
    await access(join(root, 'memory.limit_in_bytes'));
    await mkdir(clusterDir, { recursive: true });
  } catch {
    return DISABLED;
  }
  try {
    for (const id of replicaIds) {
      const dir = join(clusterDir, id);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
      // The kernel rounds the limit to whole pages: what it holds is the limit.
      if (Number(await readFile(join(dir, 'memory.limit_in_bytes'), 'utf8')) > limitBytes) {
        throw new Error('the memory limit did not take');
      }
    }
  } catch {
    await removeTree(root, clusterDir, replicaIds);
    return DISABLED;
  }
  const known = new Set(replicaIds);
  return {
    enabled: true,
    directory: clusterDir,
    limitBytes,
    async attach(replicaId, pid) {
      if (!known.has(replicaId)) throw new Error(`no memory cgroup for replica ${replicaId}`);
      try {
        await writeFile(join(clusterDir, replicaId, 'cgroup.procs'), String(pid));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    },
    pathOf: (replicaId) => (known.has(replicaId) ? `/${clusterName}/${replicaId}` : undefined),
    async workingSetOf(replicaId) {
      const dir = join(clusterDir, replicaId);
      const [usage, stat] = await Promise.all([
        readFile(join(dir, 'memory.usage_in_bytes'), 'utf8'),
        readFile(join(dir, 'memory.stat'), 'utf8'),
      ]);
      return Math.max(0, Number(usage) - (parseStat(stat).get('total_inactive_file') ?? 0));
    },
    remove: () => removeTree(root, clusterDir, replicaIds),
  };
}

const DISABLED: MemoryCgroups = {
  enabled: false,
  directory: undefined,
  limitBytes: undefined,
  attach: async () => undefined,
  pathOf: () => undefined,
  workingSetOf: async () => 0,
  remove: async () => undefined,
};

/** The memory cgroup a process is in, from /proc/<pid>/cgroup; undefined when it cannot be read. */
export async function memoryCgroupOf(pid: number | 'self'): Promise<string | undefined> {
  const lines = (await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '')).split('\n');
  for (const line of lines) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes('memory')) return path;
  }
  return undefined;
}
