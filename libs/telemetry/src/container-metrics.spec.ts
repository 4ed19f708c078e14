import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ContainerCpu } from './container-cpu';
import { registerContainerMetrics, registerContainerResourceMetrics } from './container-metrics';

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

  it("report the container's memory and writable space under cAdvisor's names", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'scale-api' });
    registerContainerResourceMetrics(
      registry,
      async () => ({ workingSetBytes: 200, limitBytes: 256, oomKills: 1 }),
      async () => ({ usageBytes: 30, limitBytes: 64 }),
    );
    const text = await registry.metrics();
    expect(text).toContain('container_memory_working_set_bytes{service="scale-api"} 200');
    expect(text).toContain('container_spec_memory_limit_bytes{service="scale-api"} 256');
    expect(text).toContain('# TYPE container_oom_events_total counter');
    expect(text).toContain('container_oom_events_total{service="scale-api"} 1');
    expect(text).toContain('container_fs_usage_bytes{service="scale-api"} 30');
    expect(text).toContain('container_fs_limit_bytes{service="scale-api"} 64');
  });

  it('leave out what a process in no container cannot know, rather than report zeros', async () => {
    const registry = new Registry();
    registerContainerResourceMetrics(
      registry,
      async () => ({ workingSetBytes: 200, limitBytes: 256, oomKills: undefined }),
      async () => undefined,
    );
    const text = await registry.metrics();
    expect(text).toContain('container_memory_working_set_bytes 200');
    expect(text).not.toMatch(/^container_oom_events_total/m);
    expect(text).not.toMatch(/^container_fs_(usage|limit)_bytes/m);
  });
});
