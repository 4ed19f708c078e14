import { readFile } from 'node:fs/promises';
import { parseStat } from './container-cpu';

/** The memory controller's view of the container this process runs in, as cAdvisor reports it. */
export interface ContainerMemory {
  /** Usage less the inactive file cache (what the kernel cannot reclaim at once): what the OOM killer looks at. */
  readonly workingSetBytes: number;
  readonly limitBytes: number;
  /** Processes the kernel's OOM killer ended in this cgroup; undefined where the kernel does not say. */
  readonly oomKills: number | undefined;
}

/** cgroup v1 writes "no limit" as the largest page-aligned 63-bit number. */
const UNLIMITED_V1 = 2 ** 62;

/** Where this process's memory cgroup is, from /proc/self/cgroup: the v1 `memory` line, else the v2 unified line. */
export function memoryCgroupPath(procSelfCgroup: string): { version: 1 | 2; path: string } | undefined {
  let unified: string | undefined;
  for (const line of procSelfCgroup.split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line.trim()) ?? [];
    if (path === undefined) continue;
    if (controllers.split(',').includes('memory')) return { version: 1, path };
    if (controllers === '') unified = path;
  }
  return unified === undefined ? undefined : { version: 2, path: unified };
}

/** The working set as cAdvisor computes it: usage less inactive file pages, never below zero. */
export function workingSet(usageBytes: number, inactiveFileBytes: number): number {
  return Math.max(0, usageBytes - inactiveFileBytes);
}

/**
 * Reads the container's memory working set, limit and OOM kills from the process's own cgroup, so the
 * same code works in a pod and in the local cluster's per-replica memory cgroups. Undefined when the
 * process has no memory limit: it is in no container to describe (and the root cgroup's usage is the
 * whole machine's).
 */
export async function readContainerMemory(root = '/sys/fs/cgroup'): Promise<ContainerMemory | undefined> {
  const where = memoryCgroupPath(await readFile('/proc/self/cgroup', 'utf8').catch(() => ''));
  if (!where) return undefined;
  try {
    if (where.version === 1) {
      const dir = `${root}/memory${where.path}`;
      const [usage, limit, stat, oom] = await Promise.all([
        readFile(`${dir}/memory.usage_in_bytes`, 'utf8'),
        readFile(`${dir}/memory.limit_in_bytes`, 'utf8'),
        readFile(`${dir}/memory.stat`, 'utf8'),
        readFile(`${dir}/memory.oom_control`, 'utf8').catch(() => ''),
      ]);
      if (Number(limit) >= UNLIMITED_V1) return undefined;
      return {
        workingSetBytes: workingSet(Number(usage), parseStat(stat).get('total_inactive_file') ?? 0),
        limitBytes: Number(limit),
        oomKills: parseStat(oom).get('oom_kill'),
      };
    }
    const dir = `${root}${where.path}`;
    const [current, max, stat, events] = await Promise.all([
      readFile(`${dir}/memory.current`, 'utf8'),
      readFile(`${dir}/memory.max`, 'utf8'),
      readFile(`${dir}/memory.stat`, 'utf8'),
      readFile(`${dir}/memory.events`, 'utf8').catch(() => ''),
    ]);
    if (max.trim() === 'max') return undefined;
    return {
      workingSetBytes: workingSet(Number(current), parseStat(stat).get('inactive_file') ?? 0),
      limitBytes: Number(max),
      oomKills: parseStat(events).get('oom_kill'),
    };
  } catch {
    return undefined;
  }
}
