import { Counter, Registry } from 'prom-client';
import { registerComputedFamilies, type ComputedFamily, type MetricSample } from './computed-metrics';
import { ContainerCpu, readContainerCpu } from './container-cpu';
import { readContainerFs, type ContainerFs } from './container-fs';
import { readContainerMemory, type ContainerMemory } from './container-memory';
import { readWithin, sharedRead } from './scrape-time';

type CpuCounter = 'periods' | 'throttledPeriods' | 'throttledSeconds';

const COUNTERS: ReadonlyArray<{ name: string; help: string; field: CpuCounter }> = [
  {
    name: 'container_cpu_cfs_periods_total',
    help: 'Enforcement periods of the CPU limit of the container this process runs in.',
    field: 'periods',
  },
  {
    name: 'container_cpu_cfs_throttled_periods_total',
    help: 'Periods in which the container used up its CPU limit and was throttled (a CPU hog beside the process shows here).',
    field: 'throttledPeriods',
  },
  {
    name: 'container_cpu_cfs_throttled_seconds_total',
    help: 'Time the container spent throttled.',
    field: 'throttledSeconds',
  },
];

/**
 * The container's CPU throttling under cAdvisor's names, read at scrape time from the process's own
 * cgroup. A process's own CPU metrics cannot see a hog in the same container; the container's
 * throttling can. The counters stay at zero when the process has no CPU limit.
 */
export function registerContainerMetrics(
  registry: Registry,
  read: () => Promise<ContainerCpu | undefined> = readContainerCpu,
): void {
  const current = sharedRead(() => readWithin(read()));
  for (const { name, help, field } of COUNTERS) {
    let previous: number | undefined;
    new Counter({
      name,
      help,
      registers: [registry],
      async collect() {
        const cpu = await current();
        if (!cpu) return;
        const value = cpu[field];
        // The cgroup's counters only grow; a smaller value means another cgroup (the process moved).
        if (previous === undefined || value < previous) {
          this.reset();
          this.inc(value);
        } else {
          this.inc(value - previous);
        }
        previous = value;
      },
    });
  }
}

type ContainerFamily = 'workingSet' | 'memoryLimit' | 'oomEvents' | 'fsUsage' | 'fsLimit';

const CONTAINER_FAMILIES: ReadonlyArray<ComputedFamily<ContainerFamily>> = [
  {
    family: 'workingSet',
    name: 'container_memory_working_set_bytes',
    type: 'gauge',
    help: 'Memory of the container this process runs in that the kernel cannot reclaim at once (usage less inactive file cache).',
  },
  {
    family: 'memoryLimit',
    name: 'container_spec_memory_limit_bytes',
    type: 'gauge',
    help: "The container's memory limit; above it the kernel's OOM killer ends one of its processes.",
  },
  {
    family: 'oomEvents',
    name: 'container_oom_events_total',
    type: 'counter',
    help: "Processes of the container the kernel's OOM killer ended (the container's count: it survives restarts).",
  },
  {
    family: 'fsUsage',
    name: 'container_fs_usage_bytes',
    type: 'gauge',
    help: "Bytes on disk in the container's writable space (its scratch directory, TMPDIR).",
  },
  {
    family: 'fsLimit',
    name: 'container_fs_limit_bytes',
    type: 'gauge',
    help: "The container's ephemeral-storage limit; above it the kubelet evicts the pod.",
  },
];

const one = (value: number | undefined): MetricSample[] | null =>
  value === undefined ? null : [{ labels: {}, value }];

/**
 * The container's memory and writable space under cAdvisor's names, read at scrape time by the process
 * itself rather than by the cluster, as the kubelet would: the series then carry the replica's own
 * target labels (service, group, zone, instance) like its other series, without relabelling a
 * cluster-wide exporter's, and the memory is its own cgroup's. A process in no container (no memory
 * limit, no ephemeral-storage limit) exports none of them.
 */
export function registerContainerResourceMetrics(
  registry: Registry,
  readMemory: () => Promise<ContainerMemory | undefined> = () => readContainerMemory(),
  readFs: () => Promise<ContainerFs | undefined> = () => readContainerFs(),
): void {
  registerComputedFamilies(registry, CONTAINER_FAMILIES, async () => {
    const [memory, fs] = await Promise.all([readWithin(readMemory()), readWithin(readFs())]);
    return {
      workingSet: one(memory?.workingSetBytes),
      memoryLimit: one(memory?.limitBytes),
      oomEvents: one(memory?.oomKills),
      fsUsage: one(fs?.usageBytes),
      fsLimit: one(fs?.limitBytes),
    };
  });
}
