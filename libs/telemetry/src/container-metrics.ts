import { Counter, Registry } from 'prom-client';
import { ContainerCpu, readContainerCpu } from './container-cpu';
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
