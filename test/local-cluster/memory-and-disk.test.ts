import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { memoryCgroupOf } from '../../apps/local-cluster/src/cgroups/memory-cgroups';
import type { ClusterInfo, ReplicaView, RunningLocalCluster } from '../../apps/local-cluster/src/cluster-options';
import type { DiskFillView } from '../../apps/local-cluster/src/faults/disk-fills';
import type { MemoryHogView } from '../../apps/local-cluster/src/faults/memory-hogs';
import { eventually } from '../support/extractor';
import { ControlClient, startTestCluster } from '../support/local-cluster';
import { query } from '../support/monitoring';
import { processAlive } from '../../apps/local-cluster/src/replicas/process-status';

const MiB = 1024 * 1024;

/** A line of /proc/<pid>/status in bytes (VmRSS and the like are in kB). */
async function statusBytes(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kB = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  return Number(kB) * 1024;
}

/** One sample of the replica's own /metrics, as Prometheus would scrape it now. */
async function scraped(address: string, metric: string): Promise<number> {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${metric}{`));
  if (line === undefined) throw new Error(`${address} reports no ${metric}`);
  return Number(line.split(' ').at(-1));
}

// Each replica as a container with a memory limit (a cgroup v1 memory cgroup) and a writable space with an
// ephemeral-storage limit, the faults that press on them through the control API, and the series that show it.
describe('local cluster: memory hogs and disk fills', () => {
  let cluster: RunningLocalCluster;
  let control: ControlClient;
  let info: ClusterInfo;

  const replicas = async () => new Map((await control.get<ReplicaView[]>('/replicas')).body.map((r) => [r.id, r]));
  const cgroupFile = (replicaId: string, file: string) =>
    readFile(`/sys/fs/cgroup/memory/scale-${info.clusterId}/${replicaId}/${file}`, 'utf8');
  /** Every replica but the ones named is exactly as it was: same process, running, no restart. */
  const othersUntouched = async (before: Map<string, ReplicaView>, touched: readonly string[]) => {
    const now = await replicas();
    const changed = [...before.values()]
      .filter((replica) => !touched.includes(replica.id))
      .map((replica) => ({ before: replica, now: now.get(replica.id) as ReplicaView }))
      .filter(
        ({ before: was, now: is }) =>
          is.state !== 'running' || is.restarts !== was.restarts || is.pids.join() !== was.pids.join(),
      )
      .map(({ before: was, now: is }) => `${is.id}: ${was.state} ${was.pids} → ${is.state} ${is.pids}`);
    expect(changed).toEqual([]);
  };

  beforeAll(async () => {
    cluster = await startTestCluster(
      {
        adminDatabaseUrl: inject('adminDatabaseUrl'),
        s3Endpoint: inject('s3Endpoint'),
        scratchDir: inject('scratchDir'),
      },
      { traffic: { requestsPerSecondPerGroup: 10, objectsPerSecond: 1 } },
    );
    control = new ControlClient(cluster.controlUrl);
    info = (await control.get<ClusterInfo>('/cluster')).body;
  }, 180_000);
  afterAll(() => cluster?.stop());

  it('puts every replica in a memory cgroup with its limit and a scratch TMPDIR, both reported under cAdvisor’s names', async () => {
    expect(info.memoryCgroups).toBe(true);
    expect(info.memoryLimitBytes).toBe(512 * MiB);
    expect(info.ephemeralStorageLimitBytes).toBe(128 * MiB);
    for (const replica of (await replicas()).values()) {
      const [pid] = replica.pids;
      expect(await memoryCgroupOf(pid)).toBe(`/scale-${info.clusterId}/${replica.id}`);
      expect(Number(await cgroupFile(replica.id, 'memory.limit_in_bytes'))).toBe(512 * MiB);
      const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
      const tmpdir = environ.find((variable) => variable.startsWith('TMPDIR='))?.slice('TMPDIR='.length) ?? '';
      expect(tmpdir.endsWith(`/scratch/${replica.id}`)).toBe(true);
      expect(existsSync(tmpdir)).toBe(true);
    }
    await eventually('every replica’s container series in Prometheus', async () => {
      const [limits, fsLimits, workingSets] = await Promise.all([
        query(info.prometheusUrl, 'container_spec_memory_limit_bytes'),
        query(info.prometheusUrl, 'container_fs_limit_bytes'),
        query(info.prometheusUrl, 'container_memory_working_set_bytes'),
      ]);
      return limits.length === 8 && fsLimits.length === 8 && workingSets.length === 8;
    });
    const limits = await query(info.prometheusUrl, 'container_spec_memory_limit_bytes');
    expect(new Set(limits.map((sample) => Number(sample.value[1])))).toEqual(new Set([512 * MiB]));
    const workingSets = await query(info.prometheusUrl, 'container_memory_working_set_bytes');
    // What a replica holds under the test traffic: the memory limit's headroom is measured against it.
    console.info(
      Object.fromEntries(
        workingSets.map((sample) => [sample.metric.instance, `${Math.round(Number(sample.value[1]) / MiB)} MiB`]),
      ),
    );
    for (const sample of workingSets) expect(Number(sample.value[1])).toBeLessThan(0.5 * 512 * MiB);
  });

  it('runs a memory hog in the replica’s memory cgroup that really holds its memory, and ends by itself', async () => {
    const before = await replicas();
    const target = before.get('experiment-api-b') as ReplicaView;
    const usageBefore = Number(await cgroupFile(target.id, 'memory.usage_in_bytes'));
    const started = await control.post<MemoryHogView>(`/replicas/${target.id}/memory-hogs`, {
      megabytes: 128,
      timeoutSeconds: 6,
    });
    expect(started.status).toBe(201);
    const hog = started.body;
    expect(hog).toMatchObject({ replicaId: target.id, bytes: 128 * MiB, confined: true, limitBytes: 512 * MiB });
    const [hogPid] = hog.pids;
    expect(await memoryCgroupOf(hogPid)).toBe(`/scale-${info.clusterId}/${target.id}`);
    expect((await replicas()).get(target.id)?.pids).toEqual([target.pids[0], hogPid]);
    // Charged to the replica's container (the replica's own heap moves by a few MiB meanwhile), seen by its own scrape.
    const charged = async () => Number(await cgroupFile(target.id, 'memory.usage_in_bytes')) - usageBefore;
    await eventually('the hog to hold its 128 MiB in the container', async () => (await charged()) > 118 * MiB, 5_000);
    expect(await statusBytes(hogPid, 'VmRSS')).toBeGreaterThanOrEqual(128 * MiB);
    expect(await scraped(target.address, 'container_memory_working_set_bytes')).toBeGreaterThan(
      usageBefore + 110 * MiB,
    );
    expect((await control.get<MemoryHogView[]>('/memory-hogs')).body.map(({ id }) => id)).toEqual([hog.id]);

    await eventually('the hog to end by its own timeout', async () => !processAlive(hogPid), 10_000, 100);
    await eventually(
      'the hog to leave the list',
      async () => (await control.get<unknown[]>('/memory-hogs')).body.length === 0,
    );
    expect((await replicas()).get(target.id)?.pids).toEqual([target.pids[0]]);
    await othersUntouched(before, []);
  });

  it('brings the container to a share of its limit, stops a hog early on DELETE, and a pod kill ends its hogs', async () => {
    const before = await replicas();
    const target = before.get('experiment-extractor-b') as ReplicaView;
    const hog = (
      await control.post<MemoryHogView>(`/replicas/${target.id}/memory-hogs`, { sharePercent: 60, timeoutSeconds: 60 })
    ).body;
    expect(hog).toMatchObject({ targetBytes: Math.round(0.6 * 512 * MiB), bytes: expect.any(Number) });
    await eventually(
      'the hog to hold the container at 60% of its limit',
      async () => {
        const workingSet = await scraped(target.address, 'container_memory_working_set_bytes');
        return Math.abs(workingSet / (512 * MiB) - 0.6) < 0.02;
      },
      15_000,
      100,
    );
    // It keeps the container there while the replica's own memory moves: what it takes, it gives back.
    // The other hog's own Node runtime (~45 MiB) is charged besides its 32 MiB; the share leaves room for
    // the replica's own memory to vary and still have the share hog hold more than that.
    const held = await statusBytes(hog.pids[0], 'VmRSS');
    const grown = (
      await control.post<MemoryHogView>(`/replicas/${target.id}/memory-hogs`, { megabytes: 32, timeoutSeconds: 60 })
    ).body;
    await eventually(
      'the share hog to give back what the other took',
      async () => (await statusBytes(hog.pids[0], 'VmRSS')) < held - 24 * MiB,
      15_000,
      100,
    );
    // The hog's loop reads the container every few hundred milliseconds; a busy machine delays it.
    await eventually(
      'the container to be back at 60% of its limit',
      async () =>
        Math.abs((await scraped(target.address, 'container_memory_working_set_bytes')) / (512 * MiB) - 0.6) < 0.02,
      15_000,
      100,
    );
    expect((await control.delete(`/memory-hogs/${grown.id}`)).status).toBe(204);
    expect((await control.delete(`/memory-hogs/${hog.id}`)).status).toBe(204);
    expect(processAlive(hog.pids[0])).toBe(false);
    expect((await control.delete(`/memory-hogs/${hog.id}`)).status).toBe(204);

    const podHog = (
      await control.post<MemoryHogView>(`/replicas/${target.id}/memory-hogs`, { megabytes: 16, timeoutSeconds: 60 })
    ).body;
    expect((await control.post(`/replicas/${target.id}/kill`)).status).toBe(200);
    expect(processAlive(podHog.pids[0])).toBe(false);
    await eventually('the killed pod to be restarted', async () => {
      const now = (await replicas()).get(target.id) as ReplicaView;
      return now.state === 'running' && now.restarts === target.restarts + 1;
    });
    await othersUntouched(before, [target.id]);
  });

  it('lets the kernel’s OOM killer end what passes the limit, and counts it in the container’s OOM events', async () => {
    const before = await replicas();
    const target = before.get('experiment-api-a') as ReplicaView;
    const kills = () =>
      cgroupFile(target.id, 'memory.oom_control').then((text) => Number(/oom_kill (\d+)/.exec(text)?.[1]));
    const killsBefore = await kills();
    const hog = (
      await control.post<MemoryHogView>(`/replicas/${target.id}/memory-hogs`, { megabytes: 512, timeoutSeconds: 30 })
    ).body;
    await eventually('the OOM killer to strike', async () => (await kills()) > killsBefore, 15_000, 100);
    // The hog holds the most memory of the container, so it is the one the kernel ends.
    await eventually('the hog to be gone', async () => !processAlive(hog.pids[0]), 5_000, 50);
    // The replica may be among what it ended: it is back, and its container's count says so.
    await eventually('the replica to answer', async () => {
      const now = (await replicas()).get(target.id) as ReplicaView;
      return (
        now.state === 'running' &&
        (await scraped(target.address, 'container_oom_events_total').catch(() => 0))! > killsBefore
      );
    });
    const now = (await replicas()).get(target.id) as ReplicaView;
    console.info({ oomKills: (await kills()) - killsBefore, replicaRestarts: now.restarts - target.restarts });
    await othersUntouched(before, [target.id]);
  });

  it('fills a replica’s writable space with real bytes up to the share, and removes the fill by replica, again and again', async () => {
    const before = await replicas();
    const target = before.get('experiment-extractor-a') as ReplicaView;
    const started = Date.now();
    const answer = await control.post<DiskFillView>(`/replicas/${target.id}/disk-fills`, { sharePercent: 95 });
    console.info({ diskFillMs: Date.now() - started });
    expect(answer.status).toBe(201);
    const fill = answer.body;
    expect(fill).toMatchObject({ replicaId: target.id, limitBytes: 128 * MiB });
    expect(fill.path.endsWith(`/scratch/${target.id}/${fill.id}`)).toBe(true);
    // Allocated on disk, not a sparse file: what `du` would count.
    const onDisk = (await stat(fill.path)).blocks * 512;
    expect(onDisk).toBeGreaterThanOrEqual(0.95 * 128 * MiB - MiB);
    expect(fill.usageBytes).toBeGreaterThanOrEqual(0.95 * 128 * MiB);
    expect(fill.usageBytes).toBeLessThan(128 * MiB);
    const usage = await scraped(target.address, 'container_fs_usage_bytes');
    expect(usage! / (await scraped(target.address, 'container_fs_limit_bytes'))!).toBeGreaterThan(0.9);
    expect((await control.get<DiskFillView[]>('/disk-fills')).body.map(({ id }) => id)).toEqual([fill.id]);
    // Filling again to the same share adds nothing: the space already holds it.
    const again = await control.post<DiskFillView>(`/replicas/${target.id}/disk-fills`, { sharePercent: 95 });
    expect(again.body.bytes).toBe(0);

    expect((await control.delete(`/replicas/${target.id}/disk-fills`)).status).toBe(204);
    expect(existsSync(fill.path)).toBe(false);
    expect(await readdir(fill.path.slice(0, fill.path.lastIndexOf('/')))).toEqual([]);
    expect((await control.delete(`/replicas/${target.id}/disk-fills`)).status).toBe(204);
    expect((await control.get<DiskFillView[]>('/disk-fills')).body).toEqual([]);
    expect(await scraped(target.address, 'container_fs_usage_bytes')).toBeLessThan(MiB);
    await othersUntouched(before, []);
  });

  it('answers wrong requests with problems that name the field, and unknown replicas with 404', async () => {
    const both = await control.post<{ errors: Array<{ field: string; message: string }> }>(
      '/replicas/experiment-api-a/memory-hogs',
      { megabytes: 64, sharePercent: 10, timeoutSeconds: 5 },
    );
    expect(both).toMatchObject({ status: 400, contentType: 'application/problem+json' });
    expect(both.body.errors).toEqual([
      { field: 'megabytes', message: 'give megabytes or sharePercent (of the memory limit), not both' },
    ]);
    const fill = await control.post<{ errors: Array<{ field: string }> }>('/replicas/experiment-api-a/disk-fills', {
      sharePercent: 0,
    });
    expect(fill.status).toBe(400);
    expect(fill.body.errors.map(({ field }) => field)).toEqual(['sharePercent']);
    expect((await control.post('/replicas/experiment-api-c/disk-fills', { sharePercent: 50 })).status).toBe(404);
    expect((await control.delete('/replicas/experiment-api-c/disk-fills')).status).toBe(404);
    expect(
      (await control.post('/replicas/experiment-api-c/memory-hogs', { megabytes: 1, timeoutSeconds: 1 })).status,
    ).toBe(404);
  });

  it('removes the memory cgroups when stopped', async () => {
    await cluster.stop();
    expect(existsSync(`/sys/fs/cgroup/memory/scale-${info.clusterId}`)).toBe(false);
  });
});
