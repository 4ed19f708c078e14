import { randomUUID } from 'node:crypto';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@scale/embedded-servers';
import { startMonitoring, type RunningMonitoring } from '@scale/monitoring-stack';
import type { ExperimentDetail } from '../../apps/chaos-runner/src/experiments/experiment-views';
import { ExperimentWindows } from '../../apps/chaos-runner/src/experiments/experiment-windows';
import { ExperimentsService } from '../../apps/chaos-runner/src/experiments/experiments.service';
import { createRunnerDataSource, migrateRunner } from '../../apps/chaos-runner/src/persistence/runner-data-source';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { experimentDocument, startTestRunner, WEBHOOK_TOKEN, type TestRunner } from '../support/chaos-runner';
import { eventually } from '../support/extractor';
import { query } from '../support/monitoring';
import { ProcessCluster } from '../support/process-cluster';

/**
 * The experiment engine against real parts: real replica processes (ProcessCluster, a small stand-in
 * for apps/local-cluster behind the same driver interface: real signals, real restarts, real busy
 * processes), a real Prometheus scraping them every second with the project's rules, a real
 * Alertmanager posting to the runner's ledger, and the runner's real Postgres database.
 */
describe('the chaos runner engine', () => {
  let monitoring: RunningMonitoring;
  let cluster: ProcessCluster;
  let runner: TestRunner;
  const terminal = (detail: ExperimentDetail) => ['completed', 'aborted', 'failed', 'refused'].includes(detail.status);

  beforeAll(async () => {
    const runnerPort = await findFreePort();
    monitoring = await startMonitoring({
      dataDir: await mkdtemp(join(inject('scratchDir'), 'chaos-engine-')),
      scrapeIntervalSeconds: 1,
      evaluationIntervalSeconds: 1,
      alertmanager: {
        groupWaitSeconds: 1,
        groupIntervalSeconds: 1,
        ledgerWebhookUrl: `http://127.0.0.1:${runnerPort}/alertmanager/webhook`,
        ledgerWebhookToken: WEBHOOK_TOKEN,
      },
    });
    const catalogs = {
      control: await createDatabase(inject('adminDatabaseUrl')),
      experiment: await createDatabase(inject('adminDatabaseUrl')),
    };
    for (const url of Object.values(catalogs)) await (await openCatalog(url)).destroy();
    cluster = await ProcessCluster.start(ProcessCluster.defaultSpecs(), { ...monitoring, databaseUrls: catalogs });
    await monitoring.setTargets(cluster.scrapeTargets());
    await eventually(
      'Prometheus to scrape all eight replicas',
      async () => (await query(monitoring.prometheusUrl, 'count(up == 1) == 8')).length === 1,
      30_000,
      200,
    );
    runner = await startTestRunner({
      databaseUrl: await createDatabase(inject('adminDatabaseUrl')),
      driver: cluster,
      port: runnerPort,
    });
  });

  afterAll(async () => {
    await runner?.close();
    await cluster?.stop();
    await monitoring?.stop();
  });

  it('reverts, when it starts, the open revert record a crashed runner left for a frozen replica, and ends that experiment as aborted', async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    const dataSource = createRunnerDataSource(databaseUrl, { poolSize: 2 });
    await dataSource.initialize();
    await migrateRunner(dataSource);
    // What a runner killed mid-experiment leaves: a running experiment, a fault in place, its record open.
    const experimentId = randomUUID();
    const document = experimentDocument(
      { kind: 'container-freeze', target: { service: 'scale-extractor', zone: 'a' } },
      { durationSeconds: 60 },
    );
    await dataSource.query(
      `insert into experiments (id, title, target_group, status, fault_kind, dry_run, document, targets, created_by, started_at, injected_at)
       values ($1, 'freeze', 'experiment', 'running', 'container-freeze', false, $2, '["experiment-extractor-a"]', 'operator', now(), now())`,
      [experimentId, JSON.stringify(document)],
    );
    const recordId = randomUUID();
    await dataSource.query(
      `insert into revert_records (id, experiment_id, fault_kind, target) values ($1, $2, 'container-freeze', $3)`,
      [recordId, experimentId, JSON.stringify({ replicaId: 'experiment-extractor-a' })],
    );
    await cluster.signal('experiment-extractor-a', 'SIGSTOP');
    expect(await cluster.processState('experiment-extractor-a')).toBe('T');

    const restarted = await startTestRunner({ databaseUrl, driver: cluster });
    try {
      expect(await cluster.processState('experiment-extractor-a')).not.toBe('T');
      const [record] = await dataSource.query(`select reverted_at, last_error from revert_records where id = $1`, [
        recordId,
      ]);
      expect(record.reverted_at).toBeInstanceOf(Date);
      expect(record.last_error).toBeNull();
      const { body: detail } = await restarted.call<ExperimentDetail>('GET', `/experiments/${experimentId}`);
      expect(detail.status).toBe('aborted');
      expect(detail.abortReason).toMatch(/stopped mid-experiment/);
      expect(detail.journal.map((entry) => [entry.step, entry.detail.by ?? null])).toEqual([
        ['reverted', 'runner start-up'],
        ['aborted', null],
      ]);
    } finally {
      await restarted.close();
      await dataSource.destroy();
    }
  });

  it('never targets the control group: refused by name, by a selector only the control group matches, and at injection time', async () => {
    const byName = await runner.call<{ errors: Array<{ path: string; message: string }> }>(
      'POST',
      '/experiments',
      experimentDocument({ kind: 'pod-kill', target: { service: 'scale-api', group: 'control' } }),
    );
    expect(byName.status).toBe(400);
    expect(byName.body.errors).toEqual([
      { path: 'fault.target.group', message: 'faults only ever target the experiment group' },
    ]);

    // The extractors are all the control group's for a moment: a selector of extractors matches only there.
    for (const zone of ['a', 'b']) cluster.relabel(`experiment-extractor-${zone}`, 'control');
    try {
      const bySelector = await runner.call<{ detail: string }>(
        'POST',
        '/experiments',
        experimentDocument({ kind: 'pod-kill', target: { service: 'scale-extractor' } }),
      );
      expect(bySelector.status).toBe(422);
      expect(bySelector.body.detail).toMatch(
        /4 control-group replica\(s\) match, but the control group is never a target/,
      );
    } finally {
      for (const zone of ['a', 'b']) cluster.relabel(`experiment-extractor-${zone}`, 'experiment');
    }

    // Planned on experiment-api-a, which has moved to the control group by the time of the injection.
    let looks = 0;
    cluster.beforeReplicas = () => {
      if (++looks === 2) cluster.relabel('experiment-api-a', 'control');
    };
    const actionsBefore = cluster.actions.length;
    try {
      const started = await runner.call<ExperimentDetail>(
        'POST',
        '/experiments',
        experimentDocument({ kind: 'container-freeze', target: { service: 'scale-api', zone: 'a' } }),
      );
      expect(started.status).toBe(201);
      expect(started.body.targets).toEqual(['experiment-api-a']);
      const refused = await runner.until(started.body.id, 'ended', terminal);
      expect(refused.status).toBe('refused');
      expect(refused.abortReason).toBe(
        'refusing to touch experiment-api-a (group control): faults only hit the experiment group',
      );
      expect(refused.journal.map((entry) => entry.step)).not.toContain('revert-record-written');
      expect(cluster.actions.slice(actionsBefore)).toEqual([]);
      expect(await cluster.processState('experiment-api-a')).not.toBe('T');
    } finally {
      cluster.beforeReplicas = undefined;
      cluster.relabel('experiment-api-a', 'experiment');
    }
  });

  it('answers 409 to a second experiment in the same group while the first runs', async () => {
    const actionsBefore = cluster.actions.length;
    const first = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      experimentDocument({ kind: 'pod-kill', target: { service: 'scale-api' } }, { dryRun: true, durationSeconds: 60 }),
    );
    expect(first.status).toBe(201);
    const second = await runner.call<{ detail: string }>(
      'POST',
      '/experiments',
      experimentDocument({ kind: 'container-kill', target: { service: 'scale-extractor' } }),
    );
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(`experiment ${first.body.id}`);

    await runner.until(first.body.id, 'probing', (detail) => detail.status === 'running');
    const aborted = await runner.call<ExperimentDetail>('POST', `/experiments/${first.body.id}/abort`);
    expect(aborted.status).toBe(200);
    const ended = await runner.until(first.body.id, 'ended', terminal);
    expect(ended.status).toBe('aborted');
    expect(ended.abortReason).toBe('aborted by operator');
    // A dry run resolves its targets and runs its probes, and injects nothing.
    expect(ended.journal.map((entry) => entry.step)).toContain('dry-run');
    expect(cluster.actions.slice(actionsBefore)).toEqual([]);
  });

  it('halts: reverts every open fault at once and refuses new runs until released', async () => {
    const started = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      experimentDocument(
        { kind: 'container-freeze', target: { service: 'scale-api', zone: 'b' } },
        { durationSeconds: 120 },
      ),
    );
    expect(started.status).toBe(201);
    await runner.until(started.body.id, 'running with its fault in place', (detail) => detail.status === 'running');
    expect(await cluster.processState('experiment-api-b')).toBe('T');

    const halted = await runner.call('POST', '/halt', { reason: 'test' });
    expect(halted).toEqual({ status: 200, body: { halted: true, reverted: 1 } });
    expect(await cluster.processState('experiment-api-b')).not.toBe('T');
    const ended = await runner.until(started.body.id, 'ended', terminal);
    expect(ended.status).toBe('aborted');
    expect(ended.abortReason).toBe('halted by operator: test');

    const refused = await runner.call<{ detail: string }>(
      'POST',
      '/experiments',
      experimentDocument({ kind: 'pod-kill', target: { service: 'scale-api' } }, { dryRun: true }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/halted/);

    expect(await runner.call('DELETE', '/halt')).toEqual({ status: 200, body: { halted: false } });
    const allowed = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      experimentDocument({ kind: 'pod-kill', target: { service: 'scale-api' } }, { dryRun: true, durationSeconds: 1 }),
    );
    expect(allowed.status).toBe(201);
    expect((await runner.until(allowed.body.id, 'ended', terminal)).status).toBe('completed');
  });

  it('kills a replica end to end: steady state, injection verified, probes, detection by ProcessRestarts through Alertmanager into the ledger, recovery, verdict', async () => {
    const pidBefore = cluster.pidOf('experiment-api-a');
    const started = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      experimentDocument(
        { kind: 'container-kill', target: { service: 'scale-api', zone: 'a' } },
        { durationSeconds: 4, expectedAlerts: [{ alertname: 'ProcessRestarts', withinSeconds: 30 }] },
      ),
    );
    expect(started.status).toBe(201);
    const ended = await runner.until(started.body.id, 'ended', terminal, 90_000);
    expect(ended.status).toBe('completed');
    expect(cluster.pidOf('experiment-api-a')).not.toBe(pidBefore);
    expect(ended.journal.map((entry) => entry.step)).toEqual([
      'created',
      'checking-steady-state',
      'steady-state-checked',
      'injecting',
      'targets-checked',
      'revert-record-written',
      'injected',
      'verified',
      'running',
      // The supervisor restarts a killed replica: recovery is noticed while the probes run.
      'recovered',
      'observed',
      'reverting',
      'reverted',
      'verifying',
      'integrity-checked',
      'detection-measured',
      'verdict',
      'completed',
    ]);
    const verdict = ended.verdict!;
    // Scrape 1 s + evaluation 1 s + ProcessRestarts' `for` of 0 s + group_wait 1 s, and what was measured.
    const floor = verdict.detection[0].floor!;
    expect(floor).toMatchObject({ scrape: 1, evaluation: 1, for: 0, notification: 1 });
    expect(verdict.detectionFloorSeconds).toBe(floor.total);
    expect(verdict.detection).toHaveLength(1);
    expect(verdict.detection[0]).toMatchObject({ alertname: 'ProcessRestarts', detected: true, withinDeadline: true });
    expect(verdict.detection[0].mttdSeconds).toBeGreaterThan(0);
    expect(verdict.detection[0].mttdSeconds).toBeLessThan(verdict.detectionFloorSeconds + 10);
    expect(ended.detectedAt).not.toBeNull();
    expect(verdict.falseAlarms).toBe(0);
    expect(verdict.recovered).toBe(true);
    expect(verdict.recoverySeconds).toBeGreaterThan(0);
    expect(verdict.recoverySeconds).toBeLessThan(4);
    expect(verdict.integrity).toMatchObject({ holds: true });
    // Four targets per group all along, sampled once a second over the 4 s window.
    expect(verdict.probes).toEqual([
      expect.objectContaining({
        name: 'targets scraped',
        controlMedian: 4,
        experimentMedian: 4,
        ratio: 1,
        holds: true,
        pValue: 1,
      }),
    ]);
    expect(verdict.hypothesis).toBe('held');

    // What the HTML report draws: the probe's samples, the API's golden signals, the lifecycle's moments.
    const report = await runner.app.get(ExperimentsService).report(started.body.id);
    const probe = report.series.find((series) => series.name === 'targets scraped');
    expect(probe?.control.length).toBeGreaterThanOrEqual(3);
    expect(probe?.experiment.length).toBe(probe?.control.length);
    expect(report.series.map((series) => series.name)).toEqual([
      'targets scraped',
      'API p99 latency',
      'API error ratio',
      'API throughput',
    ]);
    expect(report.markers.map((marker) => marker.label)).toEqual([
      'start',
      'injection',
      'detection',
      'recovery',
      'end',
    ]);

    // The ledger counts the experiment group's alerts of that window as explained, not as noise.
    const windows = await runner.app
      .get(ExperimentWindows)
      .windows(new Date(ended.injectedAt!), new Date(ended.endedAt!));
    expect(windows).toContainEqual({
      from: new Date(ended.injectedAt!),
      to: new Date(ended.endedAt!),
      group: 'experiment',
    });
  });

  it('refuses to inject when the groups are not in steady state, and says why', async () => {
    const actionsBefore = cluster.actions.length;
    const document = experimentDocument(
      { kind: 'pod-kill', target: { service: 'scale-api' } },
      {
        steadyState: {
          probes: [{ name: 'targets', query: 'count(up{group="$group"})', tolerance: { type: 'absolute', max: 3 } }],
        },
        expectedAlerts: [{ alertname: 'NoSuchAlert', withinSeconds: 10 }],
      },
    );
    const started = await runner.call<ExperimentDetail>('POST', '/experiments', document);
    const refused = await runner.until(started.body.id, 'ended', terminal);
    expect(refused.status).toBe('refused');
    expect(refused.abortReason).toBe(
      'not in steady state: targets in the experiment group: 4 is not ≤ 3; targets in the control group: 4 is not ≤ 3; expected alert NoSuchAlert: Prometheus has no alerting rule of that name',
    );
    expect(cluster.actions.slice(actionsBefore)).toEqual([]);
  });

  it("waits, before the steady-state check, until the probes' windows are full of data, and journals the wait", async () => {
    // A probe whose series is born now and reads 4 s windows: full once it has values for 4 s and a 1 s scrape.
    const bornAt = Date.now() / 1000;
    const document = experimentDocument(
      { kind: 'pod-kill', target: { service: 'scale-api' } },
      {
        dryRun: true,
        durationSeconds: 1,
        steadyState: {
          probes: [
            {
              name: 'young targets',
              query: `count(count_over_time(up{group="$group"}[4s])) and on () (vector(time()) > ${bornAt})`,
              tolerance: { type: 'relative', maxRatio: 1, minRatio: 1 },
            },
          ],
        },
      },
    );
    const started = await runner.call<ExperimentDetail>('POST', '/experiments', document);
    expect(started.status).toBe(201);
    const ended = await runner.until(started.body.id, 'ended', terminal);
    expect(ended.status, ended.abortReason ?? '').toBe('completed');
    const steps = ended.journal.map((entry) => entry.step);
    expect(steps.slice(0, 5)).toEqual([
      'created',
      'checking-steady-state',
      'awaiting-full-windows',
      'windows-full',
      'steady-state-checked',
    ]);
    const full = ended.journal[3].detail as { waitedSeconds: number; coverage: Array<{ ageSeconds: number }> };
    expect(full.waitedSeconds).toBeGreaterThan(2);
    expect(full.coverage).toHaveLength(2);
    for (const { ageSeconds } of full.coverage) expect(ageSeconds).toBeGreaterThanOrEqual(5);
    const checkedAt = Date.parse(ended.journal[4].at);
    expect(checkedAt / 1000 - bornAt).toBeGreaterThanOrEqual(5);
  });

  it("refuses at once when the probes' windows could not be full within PROBE_WINDOWS_TIMEOUT_SECONDS", async () => {
    const document = experimentDocument(
      { kind: 'pod-kill', target: { service: 'scale-api' } },
      {
        steadyState: {
          probes: [
            {
              name: 'targets over an hour',
              query: 'count(count_over_time(up{group="$group"}[1h]))',
              tolerance: { type: 'relative', maxRatio: 1, minRatio: 1 },
            },
          ],
        },
      },
    );
    const started = await runner.call<ExperimentDetail>('POST', '/experiments', document);
    const refused = await runner.until(started.body.id, 'ended', terminal);
    expect(refused.status).toBe('refused');
    expect(refused.abortReason).toMatch(
      /^not in steady state: the probes' windows would not be full within 600 s \(PROBE_WINDOWS_TIMEOUT_SECONDS\): targets over an hour in the (control|experiment) group has \d+ s of data, needs 3601 s; /,
    );
    expect(refused.journal.map((entry) => entry.step)).toEqual(['created', 'checking-steady-state', 'refused']);
  });

  it('takes a zone of the experiment group down for the duration and brings it back', async () => {
    const started = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      experimentDocument({ kind: 'zone-outage', target: { service: 'scale-api' }, params: { zone: 'b' } }),
    );
    expect(started.body.targets).toEqual(['experiment-api-b', 'experiment-extractor-b']);
    await runner.until(started.body.id, 'running', (detail) => detail.status === 'running');
    const during = await cluster.replicas();
    expect(during.filter((replica) => replica.state === 'zone-down').map((replica) => replica.id)).toEqual([
      'experiment-api-b',
      'experiment-extractor-b',
    ]);
    const ended = await runner.until(started.body.id, 'ended', terminal);
    expect(ended.status).toBe('completed');
    expect(ended.verdict?.recovered).toBe(true);
    expect((await cluster.replicas()).every((replica) => replica.state === 'running')).toBe(true);
    expect(cluster.actions.filter((action) => action.startsWith('zone-'))).toEqual([
      'zone-down experiment b',
      'zone-up experiment b',
    ]);
  });

  it('runs a CPU hog beside the replica for the duration and stops it at the end', async () => {
    const started = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      experimentDocument({
        kind: 'cpu-hog',
        target: { service: 'scale-extractor', zone: 'a' },
        params: { cores: 1, loadPercent: 100 },
      }),
    );
    await runner.until(started.body.id, 'running', (detail) => detail.status === 'running');
    const hogId = cluster.actions
      .find((action) => action.startsWith('cpu-hog experiment-extractor-a'))
      ?.split(' ')[2] as string;
    expect(cluster.hogAlive(hogId)).toBe(true);
    const ended = await runner.until(started.body.id, 'ended', terminal);
    expect(ended.status).toBe('completed');
    expect(ended.journal.find((entry) => entry.step === 'reverted')?.detail.target).toEqual({
      replicaId: 'experiment-extractor-a',
      hogId,
    });
    await eventually('the hog to exit', async () => !cluster.hogAlive(hogId), 5_000);
  });

  it('counts a lost Prometheus as a breach: the run aborts and reverts its fault', async () => {
    const proxy = await startSeveringProxy(monitoring.prometheusUrl);
    const severed = await startTestRunner({
      databaseUrl: await createDatabase(inject('adminDatabaseUrl')),
      driver: cluster,
      env: { PROMETHEUS_URL: proxy.url, PROMETHEUS_TIMEOUT_SECONDS: '1', RECOVERY_TIMEOUT_SECONDS: '3' },
    });
    try {
      const started = await severed.call<ExperimentDetail>(
        'POST',
        '/experiments',
        experimentDocument(
          { kind: 'container-freeze', target: { service: 'scale-api', zone: 'a' } },
          {
            durationSeconds: 120,
            abortConditions: [{ name: 'targets', query: 'count(up{group="$group"})', max: 100, forSamples: 2 }],
          },
        ),
      );
      await severed.until(started.body.id, 'running', (detail) => detail.status === 'running');
      expect(await cluster.processState('experiment-api-a')).toBe('T');
      proxy.sever();
      const ended = await severed.until(started.body.id, 'ended', terminal, 60_000);
      expect(ended.status).toBe('aborted');
      expect(ended.abortReason).toMatch(
        /^abort condition targets breached in 2 consecutive sample\(s\): Prometheus unreachable/,
      );
      expect(ended.verdict?.recovered).toBe(false);
      expect(await cluster.processState('experiment-api-a')).not.toBe('T');
    } finally {
      await severed.close();
      await proxy.close();
    }
  });

  it('reverts the faults of its runs when it is stopped (SIGTERM closes the app) and records them as aborted', async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    const stopping = await startTestRunner({ databaseUrl, driver: cluster });
    const started = await stopping.call<ExperimentDetail>(
      'POST',
      '/experiments',
      experimentDocument(
        { kind: 'container-freeze', target: { service: 'scale-extractor', zone: 'b' } },
        { durationSeconds: 120 },
      ),
    );
    const running = await stopping.until(started.body.id, 'running', (detail) => detail.status === 'running');
    expect(await cluster.processState('experiment-extractor-b')).toBe('T');
    await stopping.close();
    expect(await cluster.processState('experiment-extractor-b')).not.toBe('T');
    // The runner is gone; its database says how the run ended.
    const dataSource = createRunnerDataSource(databaseUrl, { poolSize: 2 });
    await dataSource.initialize();
    try {
      const [row] = await dataSource.query(`select status, abort_reason from experiments where id = $1`, [running.id]);
      expect(row).toEqual({ status: 'aborted', abort_reason: 'the runner is stopping' });
      const [{ open }] = await dataSource.query(
        `select count(*)::int as open from revert_records where reverted_at is null`,
      );
      expect(open).toBe(0);
    } finally {
      await dataSource.destroy();
    }
  });
});

/** Passes requests on to `target` until severed; then refuses every connection, as a Prometheus that died would. */
async function startSeveringProxy(target: string): Promise<{ url: string; sever(): void; close(): Promise<void> }> {
  const upstream = new URL(target);
  let severed = false;
  const server: Server = createServer((incoming, outgoing) => {
    if (severed) return incoming.socket.destroy();
    const passed = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    passed.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(passed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sever() {
      severed = true;
      server.closeAllConnections();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
