import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { writeGeneratedCatalog } from '@scale/catalog';
import { findFreePort } from '@scale/embedded-servers';
import type { ObjectStore } from '@scale/storage';
import { startTraffic, type TrafficStats } from '../../apps/local-cluster/src/traffic';
import { createBucket, storeAt } from '../support/bucket';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { eventually, type RunningProcess } from '../support/extractor';
import { runProgram } from '../support/programs';
import { seriesValue } from '../support/prometheus-text';

const RATE = 20;

interface ApiReplica {
  readonly url: string;
  readonly process: RunningProcess;
}

async function catalogDatabase(seed: number): Promise<string> {
  const url = await createDatabase(inject('adminDatabaseUrl'));
  const catalog = await openCatalog(url);
  // The same songs in both groups' catalogs, as two extractors of one bucket would write them.
  await writeGeneratedCatalog(catalog, { seed, count: 300, bucket: 'scale-midi' });
  await catalog.destroy();
  return url;
}

async function startReplica(
  databaseUrl: string,
  group: string,
  zone: string,
  processes: RunningProcess[],
): Promise<ApiReplica> {
  const port = await findFreePort();
  const api = runProgram('api', {
    DATABASE_URL: databaseUrl,
    API_PORT: String(port),
    SCALE_GROUP: group,
    SCALE_ZONE: zone,
    LOG_LEVEL: 'warn',
  });
  processes.push(api);
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    `the ${group} API in zone ${zone} to be ready`,
    async () => {
      if (api.child.exitCode !== null) throw new Error(`the API exited: ${api.stderr()}`);
      return (await fetch(`${url}/readyz`).catch(() => null))?.status === 200;
    },
    60_000,
    200,
  );
  return { url, process: api };
}

const sent = (stats: TrafficStats) => stats.groups.control.sent;

// The generator against real API processes: two groups on databases of their own, the shared S3 server.
describe('traffic generator', () => {
  const processes: RunningProcess[] = [];
  let control: ApiReplica;
  let experimentA: ApiReplica;
  let experimentB: ApiReplica;
  let store: ObjectStore;
  let bucket: string;

  beforeAll(async () => {
    store = storeAt(inject('s3Endpoint'));
    bucket = await createBucket(store);
    const [controlDatabase, experimentDatabase] = await Promise.all([catalogDatabase(4), catalogDatabase(4)]);
    [control, experimentA, experimentB] = await Promise.all([
      startReplica(controlDatabase, 'control', 'a', processes),
      startReplica(experimentDatabase, 'experiment', 'a', processes),
      startReplica(experimentDatabase, 'experiment', 'b', processes),
    ]);
  });
  afterAll(async () => {
    for (const { child } of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    store?.destroy();
  });

  it('holds the arrival rate, sends both groups the same requests, and adds objects', async () => {
    const registry = new Registry();
    const traffic = startTraffic({
      ratePerGroup: RATE,
      endpoints: () => ({ control: [control.url], experiment: [experimentA.url, experimentB.url] }),
      store,
      bucket,
      objectsPerSecond: 2,
      registry,
      seed: 11,
    });
    try {
      await eventually(
        'the songs of both groups to be learned',
        async () => traffic.stats().knownSongs === 300,
        20_000,
        100,
      );
      const before = traffic.stats();
      const from = performance.now();
      await sleep(5_000);
      const after = traffic.stats();
      const seconds = (performance.now() - from) / 1000;

      const rate = (sent(after) - sent(before)) / seconds;
      expect(rate).toBeGreaterThan(RATE * 0.85);
      expect(rate).toBeLessThan(RATE * 1.15);
      expect(after.groups.experiment.sent).toBe(after.groups.control.sent);
      expect(after.groups.experiment.kinds).toEqual(after.groups.control.kinds);
      // Songs and similar songs were asked for by each group's own ids: every answer is a 200.
      expect(after.groups.control.kinds.song).toBeGreaterThan(10);
      expect(after.groups.control.kinds.similar).toBeGreaterThan(10);
      expect(after.skipped).toBe(0);
    } finally {
      await traffic.stop();
    }

    const stats = traffic.stats();
    for (const group of ['control', 'experiment'] as const) {
      expect(stats.groups[group].inFlight).toBe(0);
      expect(stats.groups[group].outcomes).toEqual({
        ok: stats.groups[group].sent,
        http_4xx: 0,
        http_5xx: 0,
        error: 0,
      });
    }
    const text = await registry.metrics();
    expect(
      seriesValue(text, 'scale_traffic_requests_total', { target_group: 'experiment', kind: 'similar', outcome: 'ok' }),
    ).toBe(stats.groups.experiment.kinds.similar);
    expect(
      seriesValue(text, 'scale_traffic_request_duration_seconds_count', { target_group: 'control', kind: 'search' }),
    ).toBe(stats.groups.control.kinds.search);

    expect(stats.objects.added).toBeGreaterThanOrEqual(10);
    expect(stats.objects.failed).toBe(0);
    let listed = 0;
    for await (const page of store.listPages(bucket, 'traffic/')) listed += page.length;
    expect(listed).toBe(stats.objects.added);
    expect(Number(/^scale_traffic_objects_total (\S+)$/m.exec(text)?.[1])).toBe(stats.objects.added);
  });

  it('counts the requests to a stopped replica as errors and keeps its pace', async () => {
    const traffic = startTraffic({
      ratePerGroup: RATE,
      endpoints: () => ({ control: [control.url], experiment: [experimentA.url, experimentB.url] }),
      store,
      bucket,
      objectsPerSecond: 0,
      seed: 12,
    });
    try {
      await eventually(
        'the songs of both groups to be learned',
        async () => traffic.stats().knownSongs === 300,
        20_000,
        100,
      );
      // Zone b's replica dies; the cluster has not noticed yet, so its address is still handed out.
      experimentB.process.child.kill('SIGKILL');
      await experimentB.process.exited;
      const before = traffic.stats();
      const from = performance.now();
      await sleep(3_000);
      const after = traffic.stats();
      const seconds = (performance.now() - from) / 1000;

      const rate = (after.groups.experiment.sent - before.groups.experiment.sent) / seconds;
      expect(rate).toBeGreaterThan(RATE * 0.85);
      expect(rate).toBeLessThan(RATE * 1.15);
      const delta = (outcome: 'ok' | 'error') =>
        after.groups.experiment.outcomes[outcome] - before.groups.experiment.outcomes[outcome];
      // Round-robin over the two addresses: about half fail, the other half are answered by zone a.
      expect(delta('error')).toBeGreaterThan(RATE * seconds * 0.3);
      expect(delta('ok')).toBeGreaterThan(RATE * seconds * 0.3);
      expect(after.groups.control.outcomes.error).toBe(0);
    } finally {
      await traffic.stop();
    }
    const stats = traffic.stats();
    expect(stats.groups.experiment.sent).toBe(stats.groups.control.sent);
  });
});
