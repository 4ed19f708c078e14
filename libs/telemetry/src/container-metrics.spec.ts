import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ContainerCpu } from './container-cpu';
import { registerContainerMetrics } from './container-metrics';

const value = async (registry: Registry, name: string) =>
  (await registry.getSingleMetric(name)?.get())?.values[0]?.value;

describe('container metrics', () => {
  it('follow the cgroup counters from scrape to scrape', async () => {
    const registry = new Registry();
    let cpu: ContainerCpu | undefined = { limitCores: 1, periods: 100, throttledPeriods: 10, throttledSeconds: 0.5 };
    registerContainerMetrics(registry, async () => cpu);
    expect(await value(registry, 'container_cpu_cfs_throttled_periods_total')).toBe(10);
    cpu = { limitCores: 1, periods: 200, throttledPeriods: 70, throttledSeconds: 3 };
    expect(await value(registry, 'container_cpu_cfs_throttled_periods_total')).toBe(70);
    expect(await value(registry, 'container_cpu_cfs_periods_total')).toBe(200);
    expect(await value(registry, 'container_cpu_cfs_throttled_seconds_total')).toBe(3);
  });

  it('stay at zero for a process without a CPU limit, which is never throttled', async () => {
    const registry = new Registry();
    registerContainerMetrics(registry, async () => undefined);
    expect(await value(registry, 'container_cpu_cfs_periods_total')).toBe(0);
    expect(await value(registry, 'container_cpu_cfs_throttled_periods_total')).toBe(0);
  });
});
