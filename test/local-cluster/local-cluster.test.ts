import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cpuCgroupOf } from '../../apps/local-cluster/src/cgroups/cpu-cgroups';
import type { ClusterInfo, ReplicaView, RunningLocalCluster } from '../../apps/local-cluster/src/cluster-options';
import type { CpuHogView } from '../../apps/local-cluster/src/faults/cpu-hogs';
import { eventually } from '../support/extractor';
import { ControlClient, startTestCluster } from '../support/local-cluster';
import { query } from '../support/monitoring';

const IDS = [
  'control-api-a',
  'control-extractor-a',
  'control-api-b',
  'control-extractor-b',
  'experiment-api-a',
  'experiment-extractor-a',
  'experiment-api-b',
  'experiment-extractor-b',
];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function processState(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

// The local stand-in for Kubernetes, as the chaos runner's local driver uses it: eight real replicas,
// a real Prometheus scraping them, and faults injected through the control API.
describe('local cluster', () => {
  let cluster: RunningLocalCluster;
  let control: ControlClient;
  let info: ClusterInfo;

  const replicas = async (): Promise<Map<string, ReplicaView>> => {
    const answer = await control.get<ReplicaView[]>('/replicas');
    expect(answer.status).toBe(200);
    return new Map(answer.body.map((replica) => [replica.id, replica]));
  };
  const replica = async (id: string): Promise<ReplicaView> => (await replicas()).get(id) as ReplicaView;
  /** Every replica but the ones named is exactly as it was. */
  const othersUntouched = async (before: Map<string, ReplicaView>, touched: readonly string[]) => {
    const now = await replicas();
    for (const id of IDS.filter((id) => !touched.includes(id))) {
      const { pids, state, restarts } = now.get(id) as ReplicaView;
      expect({ id, pids, state, restarts }).toEqual({
        id,
        pids: before.get(id)?.pids,
        state: 'running',
        restarts: before.get(id)?.restarts,
      });
    }
  };

  beforeAll(async () => {
    cluster = await startTestCluster({
      adminDatabaseUrl: inject('adminDatabaseUrl'),
      s3Endpoint: inject('s3Endpoint'),
      scratchDir: inject('scratchDir'),
    });
    control = new ControlClient(cluster.controlUrl);
    info = (await control.get<ClusterInfo>('/cluster')).body;
  });
  afterAll(() => cluster?.stop());

  it('runs an API and an extractor per group and zone, every one scraped by Prometheus', async () => {
    expect(info).toMatchObject({ zones: ['a', 'b'], controlUrl: cluster.controlUrl, bucket: cluster.info.bucket });
    expect(info.groups.control.databaseUrl).not.toBe(info.groups.experiment.databaseUrl);
    const all = await replicas();
    expect([...all.keys()]).toEqual(IDS);
    for (const view of all.values()) {
      expect(view).toMatchObject({ state: 'running', restarts: 0, pids: [expect.any(Number)] });
    }
    expect(all.get('experiment-extractor-b')).toMatchObject({
      service: 'scale-extractor',
      group: 'experiment',
      zone: 'b',
    });

    await eventually(
      'Prometheus to see every replica up',
      async () => {
        const up = await query(info.prometheusUrl, 'up{service=~"scale-api|scale-extractor"} == 1');
        return up.length === IDS.length;
      },
      30_000,
      500,
    );
    const up = await query(info.prometheusUrl, 'up{service=~"scale-api|scale-extractor"}');
    const labels = up.map(({ metric }) => ({
      instance: metric.instance,
      service: metric.service,
      group: metric.group,
      zone: metric.zone,
    }));
    expect(labels).toContainEqual({
      instance: 'experiment-api-a',
      service: 'scale-api',
      group: 'experiment',
      zone: 'a',
    });
    expect(new Set(labels.map((label) => label.instance))).toEqual(new Set(IDS));
  });

  it('restarts a replica whose process was killed, and no other', async () => {
    const before = await replicas();
    const [oldPid] = before.get('experiment-api-a')?.pids ?? [];
    expect((await control.post('/replicas/experiment-api-a/signal', { signal: 'SIGKILL' })).status).toBe(200);

    await eventually('experiment-api-a to be restarted', async () => {
      const now = await replica('experiment-api-a');
      return now.state === 'running' && now.restarts === 1;
    });
    const restarted = await replica('experiment-api-a');
    expect(restarted.pids).toHaveLength(1);
    expect(restarted.pids[0]).not.toBe(oldPid);
    expect(restarted.lastExit).toMatchObject({ signal: 'SIGKILL' });
    expect(alive(oldPid)).toBe(false);
    await othersUntouched(before, ['experiment-api-a']);
  });

  it('freezes a replica with SIGSTOP until SIGCONT, without restarting it', async () => {
    const [pid] = (await replica('experiment-extractor-b')).pids;
    const frozen = await control.post<ReplicaView>('/replicas/experiment-extractor-b/signal', { signal: 'SIGSTOP' });
    expect(frozen.body).toMatchObject({ state: 'frozen', pids: [pid] });
    await eventually('the kernel to stop the process', async () => (await processState(pid)) === 'T');
    // Longer than a restart would take: a frozen replica is left frozen.
    await sleep(1_000);
    expect(await replica('experiment-extractor-b')).toMatchObject({ state: 'frozen', pids: [pid], restarts: 0 });

    const thawed = await control.post<ReplicaView>('/replicas/experiment-extractor-b/signal', { signal: 'SIGCONT' });
    expect(thawed.body).toMatchObject({ state: 'running', pids: [pid], restarts: 0 });
    expect(await processState(pid)).not.toBe('T');
  });

  it('holds a group’s zone down until it is brought back up, touching nothing else', async () => {
    const before = await replicas();
    const zoneIds = ['experiment-api-b', 'experiment-extractor-b'];
    const oldPids = zoneIds.map((id) => before.get(id)?.pids[0] as number);

    const down = await control.post<{ replicas: ReplicaView[] }>('/zones/experiment/b/down');
    expect(down.status).toBe(200);
    expect(down.body.replicas.map(({ id, state, pids }) => ({ id, state, pids }))).toEqual(
      zoneIds.map((id) => ({ id, state: 'zone-down', pids: [] })),
    );
    expect(oldPids.map(alive)).toEqual([false, false]);
    // Several restart delays later they are still down: the outage holds them.
    await sleep(1_500);
    for (const id of zoneIds) expect(await replica(id)).toMatchObject({ state: 'zone-down', pids: [], restarts: 0 });
    expect((await control.post('/zones/experiment/b/down')).status).toBe(200);
    await othersUntouched(before, zoneIds);

    const up = await control.post<{ replicas: ReplicaView[] }>('/zones/experiment/b/up');
    expect(up.status).toBe(200);
    for (const id of zoneIds) {
      const now = await replica(id);
      expect(now).toMatchObject({ state: 'running', restarts: 0, pids: [expect.any(Number)] });
      expect(oldPids).not.toContain(now.pids[0]);
    }
    await eventually('the zone’s replicas to be ready again', async () => {
      const ready = await Promise.all(
        zoneIds.map(
          async (id) => (await fetch(`http://${(await replica(id)).address}/readyz`).catch(() => null))?.status === 200,
        ),
      );
      return ready.every(Boolean);
    });
    await othersUntouched(before, zoneIds);
  });

  it('runs a CPU hog in the replica’s cgroup that ends by itself when its time is up', async () => {
    const started = await control.post<CpuHogView>('/replicas/control-api-b/cpu-hogs', {
      cores: 1,
      loadPercent: 50,
      timeoutSeconds: 3,
    });
    expect(started.status).toBe(201);
    const hog = started.body;
    expect(hog).toMatchObject({
      replicaId: 'control-api-b',
      cores: 1,
      loadPercent: 50,
      pids: [expect.any(Number)],
      confined: info.cgroups,
    });
    const [hogPid] = hog.pids;
    expect(alive(hogPid)).toBe(true);
    const view = await replica('control-api-b');
    expect(view.pids).toEqual([expect.any(Number), hogPid]);
    expect((await control.get<CpuHogView[]>('/cpu-hogs')).body.map(({ id }) => id)).toEqual([hog.id]);
    if (info.cgroups) {
      const path = `/scale-${info.clusterId}/control-api-b`;
      expect(await cpuCgroupOf(hogPid)).toBe(path);
      expect(await cpuCgroupOf(view.pids[0])).toBe(path);
      expect(await readFile(`/sys/fs/cgroup/cpu${path}/cpu.cfs_quota_us`, 'utf8')).toBe('50000\n');
    }

    await eventually('the hog to end by its own timeout', async () => !alive(hogPid), 8_000, 100);
    await eventually(
      'the hog to leave the list',
      async () => (await control.get<CpuHogView[]>('/cpu-hogs')).body.length === 0,
      2_000,
      100,
    );
    expect((await replica('control-api-b')).pids).toHaveLength(1);
  });

  it('stops a CPU hog early on DELETE, and kills a pod’s hogs with the pod', async () => {
    const hog = (
      await control.post<CpuHogView>('/replicas/experiment-api-b/cpu-hogs', {
        cores: 1,
        loadPercent: 20,
        timeoutSeconds: 60,
      })
    ).body;
    expect((await control.delete(`/cpu-hogs/${hog.id}`)).status).toBe(204);
    expect(alive(hog.pids[0])).toBe(false);
    expect((await control.delete(`/cpu-hogs/${hog.id}`)).status).toBe(204);

    const before = await replicas();
    const podHog = (
      await control.post<CpuHogView>('/replicas/experiment-extractor-a/cpu-hogs', {
        cores: 1,
        loadPercent: 20,
        timeoutSeconds: 60,
      })
    ).body;
    const [podPid] = before.get('experiment-extractor-a')?.pids ?? [];
    expect((await control.post('/replicas/experiment-extractor-a/kill')).status).toBe(200);
    expect(alive(podHog.pids[0])).toBe(false);
    await eventually('the killed pod to be restarted', async () => {
      const now = await replica('experiment-extractor-a');
      return now.state === 'running' && now.restarts === 1 && now.pids[0] !== podPid;
    });
    await othersUntouched(before, ['experiment-extractor-a']);
  });

  it('answers wrong requests with problems that name the field, and unknown replicas with 404', async () => {
    const badSignal = await control.post<{ status: number; detail: string }>('/replicas/experiment-api-a/signal', {
      signal: 'SIGHUP',
    });
    expect(badSignal).toMatchObject({
      status: 400,
      contentType: 'application/problem+json',
      body: { status: 400, detail: expect.stringMatching(/^signal: /) },
    });
    const badHog = await control.post<{ detail: string; errors: Array<{ field: string }> }>(
      '/replicas/experiment-api-a/cpu-hogs',
      { cores: 0, loadPercent: 150, timeoutSeconds: 5 },
    );
    expect(badHog.status).toBe(400);
    expect(badHog.body.errors.map(({ field }) => field)).toEqual(['cores', 'loadPercent']);
    expect(await control.postRaw('/replicas/experiment-api-a/signal', '{"signal":')).toMatchObject({
      status: 400,
      body: { detail: 'body: is not valid JSON' },
    });
    expect(await control.post('/zones/experiment/c/down')).toMatchObject({
      status: 400,
      body: { detail: 'zone: must be one of a, b' },
    });
    expect(await control.post('/zones/staging/a/down')).toMatchObject({
      status: 400,
      body: { detail: expect.stringMatching(/^group: /) },
    });

    const unknown = await control.post<{ detail: string }>('/replicas/experiment-api-c/signal', { signal: 'SIGKILL' });
    expect(unknown).toMatchObject({
      status: 404,
      contentType: 'application/problem+json',
      body: { detail: 'id: there is no replica "experiment-api-c"' },
    });
    expect((await control.post('/replicas/experiment-api-c/kill')).status).toBe(404);
    expect(
      (await control.post('/replicas/experiment-api-c/cpu-hogs', { cores: 1, loadPercent: 10, timeoutSeconds: 1 }))
        .status,
    ).toBe(404);
    expect((await control.get('/nowhere')).status).toBe(404);
    expect((await control.delete('/replicas')).status).toBe(405);
  });

  it('stops every replica and removes its cgroups when stopped', async () => {
    const pids = [...(await replicas()).values()].flatMap((view) => view.pids);
    expect(pids).toHaveLength(IDS.length);
    await cluster.stop();
    expect(pids.filter(alive)).toEqual([]);
    if (info.cgroups) expect(existsSync(`/sys/fs/cgroup/cpu/scale-${info.clusterId}`)).toBe(false);
    await expect(fetch(`${cluster.controlUrl}/healthz`)).rejects.toThrow();
  });
});
