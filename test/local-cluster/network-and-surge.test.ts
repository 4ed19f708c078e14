import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningLocalCluster } from '../../apps/local-cluster/src/cluster-options';
import type { DatabaseLinkView } from '../../apps/local-cluster/src/network/database-links';
import { groupTraffic } from '../support/chaos-e2e';
import { eventually } from '../support/extractor';
import { ControlClient, startTestCluster } from '../support/local-cluster';
import { query } from '../support/monitoring';

/** One `select 1` over a new connection through `hostPort`, timed; the error's code when it fails. */
async function timedQuery(databaseUrl: string, hostPort: string): Promise<{ ms: number; error?: string }> {
  const url = new URL(databaseUrl);
  url.host = hostPort;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  const started = performance.now();
  try {
    await client.connect();
    await client.query('select 1');
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: performance.now() - started, error: (error as { code?: string }).code ?? String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `scale_database_up` as the replica's own /metrics reports it now. */
async function databaseUp(address: string): Promise<number | undefined> {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith('scale_database_up'));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

// The fault proxy (a real toxiproxy-server, built by scripts/install-toxiproxy.sh) in front of each
// group's Postgres, and the traffic generator's per-group multiplier, both driven through the control API.
describe('local cluster: database network faults and traffic surges', () => {
  let cluster: RunningLocalCluster;
  let control: ControlClient;
  let links: Record<string, DatabaseLinkView>;

  beforeAll(async () => {
    cluster = await startTestCluster(
      {
        adminDatabaseUrl: inject('adminDatabaseUrl'),
        s3Endpoint: inject('s3Endpoint'),
        scratchDir: inject('scratchDir'),
      },
      { traffic: { requestsPerSecondPerGroup: 4, objectsPerSecond: 0 } },
    );
    control = new ControlClient(cluster.controlUrl);
    const answer = await control.get<DatabaseLinkView[]>('/network-faults');
    links = Object.fromEntries(answer.body.map((link) => [link.group, link]));
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  const direct = () => cluster.info.groups.experiment.databaseUrl;
  const api = (id: string) => cluster.replicas().find((replica) => replica.id === id)!.address;

  it('puts each group behind a proxy of its own in front of the same Postgres, with no fault on either', () => {
    const { control: controlLink, experiment } = links;
    expect(controlLink.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(experiment.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(experiment.listen).not.toBe(controlLink.listen);
    expect(experiment.upstream).toBe(controlLink.upstream);
    expect(experiment.upstream).toBe(new URL(direct()).host);
    expect([controlLink.fault, experiment.fault]).toEqual([null, null]);
  });

  it("adds latency to the experiment group's link only, until it is taken off", async () => {
    const set = await control.post<DatabaseLinkView>('/groups/experiment/network-fault', {
      latencyMs: 2000,
      jitterMs: 100,
    });
    expect(set.status).toBe(200);
    expect(set.body.fault).toEqual({ latencyMs: 2000, jitterMs: 100, lossProbability: 0, resetProbability: 0 });

    const slow = await timedQuery(direct(), links.experiment.listen!);
    expect(slow.error).toBeUndefined();
    expect(slow.ms).toBeGreaterThanOrEqual(1900);
    expect((await timedQuery(direct(), links.control.listen!)).ms).toBeLessThan(1000);
    // The replicas connect through the proxies: the experiment API's database probe (1.5 s) times out, the control's does not.
    await eventually(
      'the experiment API to see its database down',
      async () => (await databaseUp(api('experiment-api-a'))) === 0,
      20_000,
      500,
    );
    expect(await databaseUp(api('control-api-a'))).toBe(1);

    expect((await control.delete('/groups/experiment/network-fault')).status).toBe(204);
    expect((await timedQuery(direct(), links.experiment.listen!)).ms).toBeLessThan(1000);
    await eventually(
      'the experiment API to see its database again',
      async () => (await databaseUp(api('experiment-api-a'))) === 1,
      20_000,
      500,
    );
    expect((await control.get<DatabaseLinkView[]>('/network-faults')).body.map((link) => link.fault)).toEqual([
      null,
      null,
    ]);
  }, 60_000);

  it('resets every new connection at a reset probability of 1, and stops when taken off; taking it off twice is fine', async () => {
    expect((await control.post('/groups/experiment/network-fault', { resetProbability: 1 })).status).toBe(200);
    expect((await timedQuery(direct(), links.experiment.listen!)).error).toBeDefined();
    expect((await timedQuery(direct(), links.control.listen!)).error).toBeUndefined();
    expect((await control.delete('/groups/experiment/network-fault')).status).toBe(204);
    expect((await control.delete('/groups/experiment/network-fault')).status).toBe(204);
    expect((await timedQuery(direct(), links.experiment.listen!)).error).toBeUndefined();
  }, 30_000);

  it("probes each group's database through its proxy: a reset or lossy link fails the experiment group's probe, in the share of connections it hits, a slow one lengthens it; control's probe stays as it was", async () => {
    const prometheus = cluster.info.prometheusUrl;
    const started = Date.now();
    // The latest probe of each group's Postgres, as Prometheus scraped it.
    const probe = async (group: string) => {
      const [success] = await query(prometheus, `probe_success{service="postgres",group="${group}"}`);
      const [duration] = await query(prometheus, `probe_duration_seconds{service="postgres",group="${group}"}`);
      return { success: Number(success?.value[1]), seconds: Number(duration?.value[1]) };
    };
    const probed = (what: string, holds: (now: { success: number; seconds: number }) => boolean) =>
      eventually(what, async () => holds(await probe('experiment')), 20_000, 250);
    const successShare = async (group: string, seconds: number) =>
      Number(
        (await query(prometheus, `avg_over_time(probe_success{service="postgres",group="${group}"}[${seconds}s])`))[0]
          .value[1],
      );
    await probed('the probe to answer', (now) => now.success === 1 && now.seconds < 0.1);

    expect((await control.post('/groups/experiment/network-fault', { latencyMs: 250 })).status).toBe(200);
    await probed('the slow link to lengthen the probe', (now) => now.success === 1 && now.seconds >= 0.25);
    for (const fault of [{ resetProbability: 1 }, { lossProbability: 1 }, { latencyMs: 1000 }]) {
      expect((await control.post('/groups/experiment/network-fault', fault)).status).toBe(200);
      await probed(`${JSON.stringify(fault)} to fail the probe`, (now) => now.success === 0);
    }
    // A proxy with a reset toxic resets even the connections it spares when they close; the probe has its
    // answer by then, so it fails in the share the fault resets, not in all.
    // Forty probes, one a scrape. With half of them reset, a share over 0.95 or under 0.05 has a chance
    // of about 1 in 10^10; twenty probes held to 0.15–0.85 would miss about once in 400 runs.
    expect((await control.post('/groups/experiment/network-fault', { resetProbability: 0.5 })).status).toBe(200);
    await sleep(41_000);
    const share = await successShare('experiment', 40);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.95);
    expect((await control.delete('/groups/experiment/network-fault')).status).toBe(204);
    await probed('the probe to pass again', (now) => now.success === 1 && now.seconds < 0.1);
    // Control's link is its own; on a busy machine one probe in a minute may miss its 0.5 s.
    expect(await successShare('control', Math.ceil((Date.now() - started) / 1000))).toBeGreaterThanOrEqual(0.95);
  }, 150_000);

  it('refuses a fault it cannot apply, naming the field (400), and an unknown group', async () => {
    const jitter = await control.post<{ errors: unknown[] }>('/groups/experiment/network-fault', {
      latencyMs: 100,
      jitterMs: 200,
    });
    expect(jitter.status).toBe(400);
    expect(jitter.body.errors).toEqual([{ field: 'jitterMs', message: 'must not exceed latencyMs' }]);
    const nothing = await control.post<{ errors: unknown[] }>('/groups/experiment/network-fault', {});
    expect(nothing.body.errors).toEqual([{ field: 'body', message: expect.stringMatching(/needs latencyMs/) }]);
    expect((await control.post('/groups/experiment/network-fault', { latencyMs: -1 })).status).toBe(400);
    expect((await control.post('/groups/staging/network-fault', { latencyMs: 10 })).status).toBe(400);
    expect((await control.post('/groups/experiment/traffic-multiplier', { multiplier: 0.5 })).status).toBe(400);
  });

  it("multiplies the experiment group's traffic only, and returns it to the steady rate", async () => {
    const sent = async (group: 'control' | 'experiment') => {
      const traffic = await groupTraffic(cluster.controlUrl, group);
      return traffic.ok + traffic.failed;
    };
    const window = async () => {
      const before = { control: await sent('control'), experiment: await sent('experiment') };
      await sleep(5_000);
      return {
        control: (await sent('control')) - before.control,
        experiment: (await sent('experiment')) - before.experiment,
      };
    };
    const set = await control.post('/groups/experiment/traffic-multiplier', { multiplier: 3 });
    expect(set).toMatchObject({ status: 200, body: { control: 1, experiment: 3 } });
    const surged = await window();
    // Counted as the requests end, so the edges of the window blur the ratio by a request or two.
    expect(surged.experiment / surged.control).toBeGreaterThan(2.5);
    expect(surged.experiment / surged.control).toBeLessThan(3.5);

    expect((await control.post('/groups/experiment/traffic-multiplier', { multiplier: 1 })).status).toBe(200);
    await sleep(1_000);
    const steady = await window();
    expect(Math.abs(steady.experiment - steady.control)).toBeLessThanOrEqual(2);
    expect((await control.get('/traffic/multipliers')).body).toEqual({ control: 1, experiment: 1 });
  }, 30_000);
});
