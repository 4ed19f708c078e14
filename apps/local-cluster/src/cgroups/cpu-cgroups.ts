import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCgroupTree, NO_CGROUP_TREE, type CgroupTree } from './cgroup-tree';
import { cgroupOf } from './process-cgroup';

/** cgroup v1's cpu controller, where it is mounted on Linux. */
export const CPU_CONTROLLER_ROOT = '/sys/fs/cgroup/cpu';
const PERIOD_MICROSECONDS = 100_000;

/**
 * A cpu cgroup per replica, limited like a container (half a core by default): a CPU hog put in the
 * same cgroup then competes with that replica alone, as a hog inside a pod does, instead of slowing
 * the whole machine. Needs a writable cgroup v1 cpu controller (root); without one, `enabled` is
 * false and every method does nothing.
 */
export interface CpuCgroups extends CgroupTree {
  readonly enabled: boolean;
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
  const quota = String(Math.round((options.cores ?? 0.5) * PERIOD_MICROSECONDS));
  const tree = await createCgroupTree(clusterId, replicaIds, {
    root: options.root ?? CPU_CONTROLLER_ROOT,
    controller: 'cpu',
    probe: 'cpu.cfs_quota_us',
    async configure(dir) {
      await writeFile(join(dir, 'cpu.cfs_period_us'), String(PERIOD_MICROSECONDS));
      await writeFile(join(dir, 'cpu.cfs_quota_us'), quota);
    },
  });
  return tree ? { enabled: true, ...tree } : NO_CGROUP_TREE;
}

/** The cpu cgroup a process is in, from /proc/<pid>/cgroup; undefined when it cannot be read. */
export function cpuCgroupOf(pid: number): Promise<string | undefined> {
  return cgroupOf(pid, 'cpu');
}
