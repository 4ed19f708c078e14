import { access, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const REMOVE_ATTEMPTS = 30;

/**
 * A cluster's cgroups under one v1 controller, laid out as a container runtime does:
 * `<root>/scale-<cluster>/<replica>`.
 */
export interface CgroupTree {
  /** The cluster's cgroup directory, holding one per replica. */
  readonly directory: string | undefined;
  /** Moves the process, all its threads with it, into the replica's cgroup. */
  attach(replicaId: string, pid: number): Promise<void>;
  /** The replica's cgroup as /proc/<pid>/cgroup names it (`/scale-<cluster>/<replica>`). */
  pathOf(replicaId: string): string | undefined;
  /** Removes the cgroups; processes still inside are moved back to the root first. */
  remove(): Promise<void>;
}

/** What a cluster has without a writable controller: every method does nothing. */
export const NO_CGROUP_TREE = {
  enabled: false,
  directory: undefined,
  attach: async () => undefined,
  pathOf: () => undefined,
  remove: async () => undefined,
} as const satisfies CgroupTree & { enabled: false };

export interface CgroupTreeOptions {
  /** Where the controller is mounted. */
  root: string;
  /** `cpu`, `memory`: names the controller in errors. */
  controller: string;
  /** A file only the controller has: without it there is nothing to limit with. */
  probe: string;
  /** Sets a replica's limits in its directory; throws when they do not take. */
  configure(directory: string): Promise<void>;
}

/** The cluster's tree, every replica's cgroup configured; undefined when the controller is missing or refuses. */
export async function createCgroupTree(
  clusterId: string,
  replicaIds: readonly string[],
  options: CgroupTreeOptions,
): Promise<(CgroupTree & { readonly directory: string }) | undefined> {
  const { root, controller } = options;
  const clusterName = `scale-${clusterId}`;
  const clusterDir = join(root, clusterName);
  try {
    await access(join(root, options.probe));
    // A run killed before it could clean up may have left the directory: it is reused.
    await mkdir(clusterDir, { recursive: true });
  } catch {
    return undefined;
  }
  try {
    for (const id of replicaIds) {
      const dir = join(clusterDir, id);
      await mkdir(dir, { recursive: true });
      await options.configure(dir);
    }
  } catch {
    // A controller that lets us make directories but not limit them is no use; leave nothing behind.
    await removeTree(root, clusterDir, replicaIds);
    return undefined;
  }
  const known = new Set(replicaIds);
  return {
    directory: clusterDir,
    async attach(replicaId, pid) {
      if (!known.has(replicaId)) throw new Error(`no ${controller} cgroup for replica ${replicaId}`);
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

/** Removes the replicas' cgroups, then the cluster's. */
async function removeTree(root: string, clusterDir: string, replicaIds: readonly string[]): Promise<void> {
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
