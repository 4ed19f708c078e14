import { readFile } from 'node:fs/promises';

/** The CPU controller's view of the container this process runs in. */
export interface ContainerCpu {
  /** Cores the container may use (CFS quota / period). */
  readonly limitCores: number;
  readonly periods: number;
  readonly throttledPeriods: number;
  readonly throttledSeconds: number;
}

/**
 * Where this process's CPU cgroup is, from /proc/self/cgroup: the v1 `cpu` controller's line
 * (alone or as `cpu,cpuacct`), else the v2 unified line.
 */
export function cpuCgroupPath(procSelfCgroup: string): { version: 1 | 2; path: string } | undefined {
  let unified: string | undefined;
  for (const line of procSelfCgroup.split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line.trim()) ?? [];
    if (path === undefined) continue;
    if (controllers.split(',').includes('cpu')) return { version: 1, path };
    if (controllers === '') unified = path;
  }
  return unified === undefined ? undefined : { version: 2, path: unified };
}

/** `key value` lines of a cgroup stat file. */
export function parseStat(text: string): Map<string, number> {
  const stat = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && Number.isFinite(Number(value))) stat.set(key, Number(value));
  }
  return stat;
}

/**
 * Reads the container's CPU limit and throttling, as cAdvisor reports them for a Kubernetes
 * container, but from inside: a process reads its own cgroup, so the same code works in a pod and in
 * the local cluster's per-replica cgroups. Undefined when the process runs without a CPU limit,
 * where throttling cannot happen.
 */
export async function readContainerCpu(root = '/sys/fs/cgroup'): Promise<ContainerCpu | undefined> {
  const where = cpuCgroupPath(await readFile('/proc/self/cgroup', 'utf8').catch(() => ''));
  if (!where) return undefined;
  try {
    if (where.version === 1) {
      const dir = `${root}/cpu${where.path}`;
      const [quota, period, stat] = await Promise.all([
        readFile(`${dir}/cpu.cfs_quota_us`, 'utf8'),
        readFile(`${dir}/cpu.cfs_period_us`, 'utf8'),
        readFile(`${dir}/cpu.stat`, 'utf8'),
      ]);
      if (Number(quota) <= 0) return undefined;
      const values = parseStat(stat);
      return {
        limitCores: Number(quota) / Number(period),
        periods: values.get('nr_periods') ?? 0,
        throttledPeriods: values.get('nr_throttled') ?? 0,
        throttledSeconds: (values.get('throttled_time') ?? 0) / 1e9,
      };
    }
    const dir = `${root}${where.path}`;
    const [max, stat] = await Promise.all([readFile(`${dir}/cpu.max`, 'utf8'), readFile(`${dir}/cpu.stat`, 'utf8')]);
    const [quota, period] = max.trim().split(/\s+/);
    if (quota === 'max') return undefined;
    const values = parseStat(stat);
    return {
      limitCores: Number(quota) / Number(period),
      periods: values.get('nr_periods') ?? 0,
      throttledPeriods: values.get('nr_throttled') ?? 0,
      throttledSeconds: (values.get('throttled_usec') ?? 0) / 1e6,
    };
  } catch {
    return undefined;
  }
}
