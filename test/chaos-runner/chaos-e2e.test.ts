import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DETECTION_PARTS } from '@scale/chaos';
import { findFreePort } from '@scale/embedded-servers';
import type { ReplicaView, RunningLocalCluster } from '../../apps/local-cluster/src/cluster-options';
import type { CpuHogView } from '../../apps/local-cluster/src/faults/cpu-hogs';
import type { DiskFillView } from '../../apps/local-cluster/src/faults/disk-fills';
import type { MemoryHogView } from '../../apps/local-cluster/src/faults/memory-hogs';
import type { DatabaseLinkView } from '../../apps/local-cluster/src/network/database-links';
import type { ExperimentDetail } from '../../apps/chaos-runner/src/experiments/experiment-views';
import { createRunnerDataSource } from '../../apps/chaos-runner/src/persistence/runner-data-source';
import { createDatabase } from '../support/catalog-database';
import { VIEWER_TOKEN, WEBHOOK_TOKEN } from '../support/chaos-runner';
import {
  groupTraffic,
  loadDefaultSuite,
  startRunnerProcess,
  TERMINAL_STATUSES,
  type RunnerProcess,
  type SuiteExperiment,
} from '../support/chaos-e2e';
import { eventually } from '../support/extractor';
import { ControlClient, startTestCluster } from '../support/local-cluster';
import { query } from '../support/monitoring';

/**
 * MTTD (injection → the notification in the ledger) is judged against the detection's own floor: 1 s
 * scrapes and evaluations, the rule's `for`, Alertmanager's group wait (0 here), plus the measured
 * parts that cannot be removed (the fault taking effect, the rule's condition coming to hold). Within
 * this margin of it, nothing but delivery and evaluation time was spent beyond what cannot be removed.
 */
const DETECTION_MARGIN_SECONDS = 2;

/**
 * The default suite's fault windows, shortened for CI where a window only has to outlast detection:
 * the `for: 30s` alerts need 30 s + their floor's few seconds + a margin, and the hog's throttling the
 * time its 30 s rate takes to cross a quarter on a busy machine; ProcessRestarts fires at the killed
 * replica's first refused scrape; the container memory and storage alerts' `for: 30s` from the scrape
 * showing the hog's or the fill's bytes.
 */
const SUITE = [
  { kind: 'cpu-hog', file: '01-cpu-hog.json', durationSeconds: 55, alert: 'ContainerCpuThrottled', forSeconds: 30 },
  {
    kind: 'container-kill',
    file: '02-container-kill.json',
    durationSeconds: 10,
    alert: 'ProcessRestarts',
    forSeconds: 0,
  },
  { kind: 'pod-kill', file: '03-pod-kill.json', durationSeconds: 10, alert: 'ProcessRestarts', forSeconds: 0 },
  { kind: 'zone-outage', file: '04-zone-outage.json', durationSeconds: 45, alert: 'ZoneOutage', forSeconds: 30 },
  // Judged against the control group, with no alert expected at four times the load.
  { kind: 'traffic-surge', file: '05-traffic-surge.json', durationSeconds: 30, alert: null, forSeconds: 0 },
  {
    kind: 'memory-hog',
    file: '06-memory-hog.json',
    durationSeconds: 45,
    alert: 'ContainerMemoryNearLimit',
    forSeconds: 30,
  },
  {
    kind: 'disk-fill',
    file: '07-disk-fill.json',
    durationSeconds: 45,
    alert: 'ContainerEphemeralStorageNearLimit',
    forSeconds: 30,
  },
  // Three in four probes through the link fail: their ratio over a minute crosses a quarter in about 20 s, then `for: 1m`.
  {
    kind: 'database-network',
    file: '08-database-network.json',
    durationSeconds: 105,
    alert: 'ProbeFailures',
    forSeconds: 60,
  },
] as const;

/** The demo's 10 req/s, half the cluster's default: eight replicas, the monitoring and the runner share two cores, and the hog's container one of them. */
const TRAFFIC = { requestsPerSecondPerGroup: 10, objectsPerSecond: 1 };

const terminal = (detail: ExperimentDetail) => TERMINAL_STATUSES.includes(detail.status);

interface LedgerAlert {
  alertname: string;
  instance: string | null;
  startsAt: string;
  firstSeenAt: string;
  labels: Record<string, string>;
}

interface Measurement {
  fault: string;
  alert: string;
  mttdSeconds: number | null;
  floorSeconds: number;
  largest: string | null;
  parts: string;
  recoverySeconds: number | null;
  mttrSeconds: number | null;
  hypothesis: string;
}

/**
 * The product end to end, as CI runs it with short intervals (1 s scrapes and rule evaluations, 1 s
 * Alertmanager group waits): the real local cluster with both groups under constant traffic, real
 * Prometheus and Alertmanager posting to the runner's ledger, and the runner as its own process (the
 * compiled program with its instrumentation), running the default suite's documents from disk.
 */
describe('chaos experiments end to end', () => {
  let cluster: RunningLocalCluster;
  let control: ControlClient;
  let runner: RunnerProcess;
  let runnerPort: number;
  let runnerDatabaseUrl: string;
  let suite: SuiteExperiment[];
  const measurements: Measurement[] = [];

  const replicas = async () => (await control.get<ReplicaView[]>('/replicas')).body;
  const replica = async (id: string) => (await replicas()).find((candidate) => candidate.id === id) as ReplicaView;
  const controlReplicas = async () =>
    Object.fromEntries(
      (await replicas())
        .filter((candidate) => candidate.group === 'control')
        .map(({ id, restarts, pids, state }) => [id, { restarts, pid: pids[0], state }]),
    );
  const startRunner = () =>
    startRunnerProcess({ databaseUrl: runnerDatabaseUrl, port: runnerPort, clusterUrl: cluster.controlUrl });

  beforeAll(async () => {
    runnerPort = await findFreePort();
    cluster = await startTestCluster(
      {
        adminDatabaseUrl: inject('adminDatabaseUrl'),
        s3Endpoint: inject('s3Endpoint'),
        scratchDir: inject('scratchDir'),
      },
      {
        traffic: TRAFFIC,
        alertmanager: {
          groupWaitSeconds: 0,
          groupIntervalSeconds: 1,
          ledgerWebhookUrl: `http://127.0.0.1:${runnerPort}/alertmanager/webhook`,
          ledgerWebhookToken: WEBHOOK_TOKEN,
        },
        // A pod kill strands the jobs its extractor had leased until their lease ends; the integrity
        // check after it waits for them. 10 s is still far longer than a batch of new songs takes.
        replicaEnvironment: { EXTRACTOR_LEASE_SECONDS: '10' },
      },
    );
    control = new ControlClient(cluster.controlUrl);
    runnerDatabaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    [runner, suite] = await Promise.all([startRunner(), loadDefaultSuite()]);
    expect(suite.map((experiment) => experiment.file)).toEqual(SUITE.map((experiment) => experiment.file));

    // Steady state needs load: the API's recording rules have samples in both groups, and the traffic
    // knows songs of both catalogs, so the control group's requests stop failing for want of one.
    await eventually(
      'both groups to be under steady load',
      async () => {
        const p95 = await query(
          cluster.info.prometheusUrl,
          'service_group:http_server_request_duration_seconds:p95_1m{service="scale-api"} < 0.5',
        );
        const errors = await query(
          cluster.info.prometheusUrl,
          'service_group:http_server_request_errors:ratio_rate1m{service="scale-api"}',
        );
        if (p95.length < 2 || errors.length < 2) return false;
        const before = await groupTraffic(cluster.controlUrl, 'control');
        await sleep(2_000);
        const after = await groupTraffic(cluster.controlUrl, 'control');
        return after.failed === before.failed && after.ok > before.ok;
      },
      90_000,
      500,
    );
  }, 240_000);

  afterAll(async () => {
    if (measurements.length > 0) console.table(measurements);
    await runner?.kill('SIGTERM');
    await cluster?.stop();
  });

  it('refuses requests without a token (401), with a wrong one (401), and triggers from a read-only one (403)', async () => {
    const [document] = suite;
    const missing = await runner.call<{ detail: string }>('POST', '/experiments', document.document, null);
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toMatch(/needs a bearer token/);
    expect((await runner.call('GET', '/experiments', undefined, null)).status).toBe(401);
    expect((await runner.call('POST', '/experiments', document.document, 'not-a-token-anyone-was-given')).status).toBe(
      401,
    );
    const readOnly = await runner.call<{ detail: string }>('POST', '/experiments', document.document, VIEWER_TOKEN);
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.detail).toMatch(/"viewer" is read-only/);
    expect((await runner.call('POST', '/halt', undefined, VIEWER_TOKEN)).status).toBe(403);
    // Reading is what a read-only token is for; and none of the above started anything.
    const list = await runner.call<unknown[]>('GET', '/experiments', undefined, VIEWER_TOKEN);
    expect(list).toEqual({ status: 200, body: [] });
  });

  it('refuses a document that targets the control group, naming the field (400)', async () => {
    const podKill = suite.find((experiment) => experiment.document.fault.kind === 'pod-kill') as SuiteExperiment;
    const document = structuredClone(podKill.document);
    document.fault.target.group = 'control';
    const refused = await runner.call<{ errors: Array<{ path: string; message: string }> }>(
      'POST',
      '/experiments',
      document,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { path: 'fault.target.group', message: 'faults only ever target the experiment group' },
    ]);
    expect((await runner.call<unknown[]>('GET', '/experiments')).body).toEqual([]);
  });

  for (const planned of SUITE) {
    it(`${planned.kind} from the default suite: ${planned.alert} fires into the ledger close to its floor; reverted; the control group untouched; no song lost or duplicated`, async ({
      annotate,
    }) => {
      const document = structuredClone(
        (suite.find((experiment) => experiment.file === planned.file) as SuiteExperiment).document,
      );
      expect(document.fault.kind).toBe(planned.kind);
      expect(document.expectedAlerts).toEqual(
        planned.alert === null ? [] : [expect.objectContaining({ alertname: planned.alert })],
      );
      expect(document.durationSeconds).toBeGreaterThanOrEqual(planned.durationSeconds);
      document.durationSeconds = planned.durationSeconds;
      // Without a writable cgroup v1 cpu (memory) controller a hog runs unconfined: no container limit to alert on.
      const confined =
        planned.kind === 'cpu-hog'
          ? cluster.info.cgroups
          : planned.kind === 'memory-hog'
            ? cluster.info.memoryCgroups
            : true;
      const expectsAlert = planned.alert !== null && confined;
      if (!expectsAlert && planned.alert !== null) {
        document.expectedAlerts = [];
        await annotate(
          `no writable cgroup v1 controller for the ${planned.kind} (cluster.info says so): it runs unconfined, ${planned.alert} is not expected`,
          'warning',
        );
      }

      const controlBefore = await controlReplicas();
      const trafficBefore = await groupTraffic(cluster.controlUrl, 'control');
      const started = await runner.call<ExperimentDetail>('POST', '/experiments', document);
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const ended = await runner.until(started.body.id, 'ended', terminal, (planned.durationSeconds + 120) * 1000);
      const journal = ended.journal.map((entry) => entry.step);
      expect(ended.status, `${ended.abortReason}; journal: ${journal.join(' → ')}`).toBe('completed');
      const verdict = ended.verdict!;

      // Detected through real Prometheus and Alertmanager into the ledger, each part of it measured, close to its floor.
      const detection = verdict.detection[0];
      const { breakdown, floor } = detection ?? {};
      measurements.push({
        fault: planned.kind,
        alert: expectsAlert
          ? (planned.alert as string)
          : planned.alert === null
            ? 'none expected'
            : 'none (no cgroups)',
        mttdSeconds: detection?.mttdSeconds ?? null,
        floorSeconds: verdict.detectionFloorSeconds,
        largest: breakdown?.largest ?? null,
        parts: breakdown ? DETECTION_PARTS.map((part) => `${part} ${breakdown[part]}/${floor?.[part]}`).join(' ') : '',
        recoverySeconds: verdict.recoverySeconds,
        mttrSeconds: verdict.mttrSeconds,
        hypothesis: verdict.hypothesis,
      });
      if (expectsAlert) {
        expect(verdict.detection).toEqual([
          {
            alertname: planned.alert,
            detected: true,
            mttdSeconds: expect.any(Number),
            withinDeadline: true,
            breakdown: expect.any(Object),
            floor: expect.any(Object),
          },
        ]);
        // Every part measured, none negative, and together the MTTD (each is rounded to the millisecond).
        const parts = DETECTION_PARTS.map((part) => breakdown![part]);
        expect(
          parts.every((part) => part !== null && part >= 0),
          JSON.stringify(breakdown),
        ).toBe(true);
        const sum = parts.reduce((total, part) => total! + part!, 0)!;
        expect(Math.abs(sum - detection.mttdSeconds!)).toBeLessThanOrEqual(0.005);
        expect(breakdown!.for).toBeGreaterThanOrEqual(planned.forSeconds);
        // The floor: 1 s scrapes and evaluations, the rule's `for`, no group wait, and what was measured.
        expect(floor).toMatchObject({
          effect: breakdown!.effect,
          scrape: 1,
          condition: breakdown!.condition,
          evaluation: 1,
          for: planned.forSeconds,
        });
        expect(verdict.detectionFloorSeconds).toBe(floor!.total);
        expect(detection.mttdSeconds).toBeLessThanOrEqual(floor!.total + DETECTION_MARGIN_SECONDS);
        expect(ended.detectedAt).not.toBeNull();
        // The ledger's first firing after the injection is about what the fault hit: its replica, or its zone.
        const injectedAt = Date.parse(ended.injectedAt as string);
        const { body: ledger } = await runner.call<{ items: LedgerAlert[] }>(
          'GET',
          `/alerts?alertname=${planned.alert as string}&group=experiment`,
        );
        const first = ledger.items
          .filter((alert) => Date.parse(alert.startsAt) >= injectedAt)
          .sort((one, other) => Date.parse(one.startsAt) - Date.parse(other.startsAt))[0];
        // MTTD ends when the ledger was told, which is the firing plus Alertmanager's notification.
        expect((Date.parse(first.firstSeenAt) - injectedAt) / 1000).toBeCloseTo(detection.mttdSeconds!, 2);
        expect((Date.parse(first.firstSeenAt) - Date.parse(first.startsAt)) / 1000).toBeCloseTo(
          breakdown!.notification!,
          2,
        );
        // A zone's alert names the zone, the link's the group's database; the others the replica hit.
        const about: Record<string, Record<string, string>> = {
          'zone-outage': { group: 'experiment', zone: 'a' },
          'database-network': { group: 'experiment', service: 'postgres' },
        };
        if (about[planned.kind]) expect(first.labels).toMatchObject(about[planned.kind]);
        else expect(ended.targets).toContain(first.instance);
      } else {
        expect(verdict.detection).toEqual([]);
        expect(verdict.detectionFloorSeconds).toBe(0);
      }

      // Reverted: every replica runs, no hog is left, the zone is back; and the run said so.
      expect(verdict.recovered).toBe(true);
      const after = await replicas();
      expect(
        after
          .filter((candidate) => candidate.state !== 'running' || candidate.pids.length !== 1)
          .map(({ id, state, pids }) => `${id} ${state} ${pids}`),
      ).toEqual([]);
      expect((await control.get<CpuHogView[]>('/cpu-hogs')).body).toEqual([]);
      expect((await control.get<MemoryHogView[]>('/memory-hogs')).body).toEqual([]);
      expect((await control.get<DiskFillView[]>('/disk-fills')).body).toEqual([]);
      // No fault left on either group's database link, and both groups at their steady load.
      const links = (await control.get<DatabaseLinkView[]>('/network-faults')).body;
      expect(links.map((link) => [link.group, link.fault])).toEqual([
        ['control', null],
        ['experiment', null],
      ]);
      expect((await control.get('/traffic/multipliers')).body).toEqual({ control: 1, experiment: 1 });
      if (planned.kind !== 'container-kill' && planned.kind !== 'pod-kill') {
        expect(ended.journal.filter((entry) => entry.step === 'reverted').map((entry) => entry.detail.by)).toEqual([
          'the run, at its end',
        ]);
      }

      // The control group: not one restart, not one alert, and its requests answered. A fault reaching it
      // fails it by the dozen (10 requests a second); one request in a thousand may miss, unanswered within
      // 5 s or answered 4xx/5xx: both groups, Prometheus and the test share this machine's two cores, and
      // clean runs have seen one such miss with no fault near the control group. The counts are printed.
      expect(await controlReplicas()).toEqual(controlBefore);
      const trafficAfter = await groupTraffic(cluster.controlUrl, 'control');
      const controlAnswers = {
        ok: trafficAfter.ok - trafficBefore.ok,
        http4xx: trafficAfter.http4xx - trafficBefore.http4xx,
        http5xx: trafficAfter.http5xx - trafficBefore.http5xx,
        unanswered: trafficAfter.unanswered - trafficBefore.unanswered,
      };
      const missed = controlAnswers.http4xx + controlAnswers.http5xx + controlAnswers.unanswered;
      expect(missed, JSON.stringify(controlAnswers)).toBeLessThanOrEqual(
        Math.max(1, Math.floor(controlAnswers.ok / 1000)),
      );
      expect(trafficAfter.ok - trafficBefore.ok).toBeGreaterThan(
        TRAFFIC.requestsPerSecondPerGroup * planned.durationSeconds * 0.5,
      );
      expect(verdict.falseAlarms).toBe(0);

      // No song lost or duplicated, and the same similar songs in both groups.
      expect(verdict.integrity).toMatchObject({
        holds: true,
        missingInExperiment: [],
        extraInExperiment: [],
        duplicates: { control: [], experiment: [] },
        similarMismatches: [],
      });
    }, 300_000);
  }

  it('reverts, when it starts again, the freeze a runner killed mid-experiment left in place', async () => {
    const started = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      freezeDocument('experiment-extractor-b'),
    );
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.targets).toEqual(['experiment-extractor-b']);
    await runner.until(
      started.body.id,
      'running with its fault in place',
      (detail) => detail.status === 'running',
      60_000,
    );
    const frozen = await replica('experiment-extractor-b');
    expect(frozen.state).toBe('frozen');
    expect(await processState(frozen.pids[0])).toBe('T');

    expect(await runner.kill('SIGKILL')).toBeNull();
    // Nobody reverts while no runner is there: the replica stays frozen.
    await sleep(2_000);
    expect(await replica('experiment-extractor-b')).toMatchObject({ state: 'frozen', pids: frozen.pids });
    expect(await processState(frozen.pids[0])).toBe('T');

    runner = await startRunner();
    // The revert happens as the runner starts, before it answers: the same process runs on, thawed.
    expect(await replica('experiment-extractor-b')).toMatchObject({ state: 'running', pids: frozen.pids });
    expect(await processState(frozen.pids[0])).not.toBe('T');
    const { body: detail } = await runner.call<ExperimentDetail>('GET', `/experiments/${started.body.id}`);
    expect(detail.status).toBe('aborted');
    expect(detail.abortReason).toBe(
      'the runner stopped mid-experiment; its faults were reverted when it started again',
    );
    expect(detail.journal.filter((entry) => entry.step === 'reverted').map((entry) => entry.detail.by)).toEqual([
      'runner start-up',
    ]);
    expect(await openRevertRecords(runnerDatabaseUrl)).toEqual([]);
  }, 180_000);

  it('halts: reverts the running fault at once, refuses new runs (409) until released, then allows them', async () => {
    const started = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      freezeDocument('experiment-extractor-a'),
    );
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await runner.until(
      started.body.id,
      'running with its fault in place',
      (detail) => detail.status === 'running',
      60_000,
    );
    expect((await replica('experiment-extractor-a')).state).toBe('frozen');

    expect(await runner.call('POST', '/halt', { reason: 'end-to-end test' })).toEqual({
      status: 200,
      body: { halted: true, reverted: 1 },
    });
    expect((await replica('experiment-extractor-a')).state).toBe('running');
    const ended = await runner.until(started.body.id, 'ended', terminal, 90_000);
    expect(ended.status).toBe('aborted');
    expect(ended.abortReason).toBe('halted by operator: end-to-end test');

    const dryRun = { ...freezeDocument('experiment-extractor-a'), dryRun: true, durationSeconds: 1 };
    const refused = await runner.call<{ detail: string }>('POST', '/experiments', dryRun);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/halted/);

    expect(await runner.call('DELETE', '/halt')).toEqual({ status: 200, body: { halted: false } });
    const allowed = await runner.call<ExperimentDetail>('POST', '/experiments', dryRun);
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(201);
    const done = await runner.until(allowed.body.id, 'ended', terminal, 90_000);
    expect(done.status, done.abortReason ?? '').toBe('completed');
    expect(done.journal.map((entry) => entry.step)).toContain('dry-run');
  }, 240_000);
});

/** A freeze of one experiment extractor, long enough to still be in place whatever the test does meanwhile. */
function freezeDocument(replicaId: string): Record<string, unknown> {
  const zone = replicaId.slice(replicaId.lastIndexOf('-') + 1);
  return {
    title: `freeze ${replicaId}`,
    fault: { kind: 'container-freeze', target: { service: 'scale-extractor', zone } },
    durationSeconds: 300,
    steadyState: {
      probes: [
        {
          name: 'API 5xx ratio',
          query: 'service_group:http_server_request_errors:ratio_rate1m{service="scale-api",group="$group"}',
          tolerance: { type: 'absolute', max: 0.05 },
        },
      ],
    },
  };
}

/** The process's state letter from /proc (T: stopped). */
async function processState(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

async function openRevertRecords(databaseUrl: string): Promise<unknown[]> {
  const dataSource = createRunnerDataSource(databaseUrl, { poolSize: 1 });
  await dataSource.initialize();
  try {
    return await dataSource.query(
      `select id, fault_kind, target, last_error from revert_records where reverted_at is null`,
    );
  } finally {
    await dataSource.destroy();
  }
}
