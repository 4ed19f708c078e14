import { access, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** cgroup v1's cpu controller, where it is mounted on Linux. */
export const CPU_CONTROLLER_ROOT = '/sys/fs/cgroup/cpu';
const PERIOD_MICROSECONDS = 100_000;
const REMOVE_ATTEMPTS = 30;

/**
 * A cpu cgroup per replica, limited like a container (half a core by default): a CPU hog put in the
 * same cgroup then competes with that replica alone, as a hog inside a pod does, instead of slowing
 * the whole machine. Needs a writable cgroup v1 cpu controller (root); without one, `enabled` is
 * false and every method does nothing.
 */
export interface CpuCgroups {
  readonly enabled: boolean;
  /** The cluster's cgroup directory, holding one per replica. */
  readonly directory: string | undefined;
  /** Moves the process, all its threads with it, into the replica's cgroup. */
  attach(replicaId: string, pid: number): Promise<void>;
  /** The replica's cgroup as /proc/<pid>/cgroup names it (`/scale-<cluster>/<replica>`). */
  pathOf(replicaId: string): string | undefined;
  /** Removes the cgroups; processes still inside are moved back to the root first. */
  remove(): Promise<void>;
}

export interface CpuCgroupOptions {
  root?: string;
  /**
   * Cores each replica may use; half by default, a usual container limit, so that a hog filling its
   * replica's container leaves the other replicas (the control group among them) the rest of a
   * two-core machine.
   */
  cores?: number;
}

export async function createCpuCgroups(
  clusterId: string,
  replicaIds: readonly string[],
  options: CpuCgroupOptions = {},
): Promise<CpuCgroups> {
  const root = options.root ?? CPU_CONTROLLER_ROOT;
  const clusterName = `scale-${clusterId}`;
  const clusterDir = join(root, clusterName);
  const quota = String(Math.round((options.cores ?? 0.5) * PERIOD_MICROSECONDS));
  try {
    await access(join(root, 'cpu.cfs_quota_us'));
    // A run killed before it could clean up may have left the directory: it is reused.
    await mkdir(clusterDir, { recursive: true });
  } catch {
    return DISABLED;
  }
  try {
    for (const id of replicaIds) {
      const dir = join(clusterDir, id);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'cpu.cfs_period_us'), String(PERIOD_MICROSECONDS));
      await writeFile(join(dir, 'cpu.cfs_quota_us'), quota);
    }
  } catch {
    // A controller that lets us make directories but not limit them is no use; leave nothing behind.
    await removeTree(root, clusterDir, replicaIds);
    return DISABLED;
  }
  const known = new Set(replicaIds);
  return {
    enabled: true,
    directory: clusterDir,
    async attach(replicaId, pid) {
      if (!known.has(replicaId)) throw new Error(`no cgroup for replica ${replicaId}`);
      try {
        await writeFile(join(clusterDir, replicaId, 'cgroup.procs'), String(pid));
      } catch (error) {
        // It exited before it could be moved: nothing left to limit.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    },
    pathOf: (replicaId) => (known.has(replicaId) ? `/${clusterName}/${replicaId}` : undefined),
    remove: () => removeTree(root, clusterDir, replicaIds),
  };
}

const DISABLED: CpuCgroups = {
  enabled: false,
  directory: undefined,
  attach: async () => undefined,
  pathOf: () => undefined,
  remove: async () => undefined,
};

/** Removes the replicas' cgroups, then the cluster's; shared by every controller's cgroups. */
export async function removeTree(root: string, clusterDir: string, replicaIds: readonly string[]): Promise<void> {
  for (const id of replicaIds) await removeCgroup(root, join(clusterDir, id));
  await removeCgroup(root, clusterDir);
}

/** A cgroup can only be removed once empty; a process just killed leaves it a moment later. */
async function removeCgroup(root: string, dir: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || attempt >= REMOVE_ATTEMPTS) throw error;
    }
    if (attempt === REMOVE_ATTEMPTS - 1) await evacuate(root, dir);
    await sleep(100);
  }
}

async function evacuate(root: string, dir: string): Promise<void> {
  const pids = (await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  for (const pid of pids) await writeFile(join(root, 'cgroup.procs'), pid).catch(() => undefined);
}

/** The cpu cgroup a process is in, from /proc/<pid>/cgroup; undefined when it cannot be read. */
export async function cpuCgroupOf(pid: number): Promise<string | undefined> {
  const lines = (await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '')).split('\n');
  for (const line of lines) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes('cpu')) return path;
  }
  return undefined;
}
