import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@scale/embedded-servers';
import type { RunningLocalCluster } from '../../apps/local-cluster/src/cluster-options';
import { ClusterDriverError, type Replica } from '../../apps/chaos-runner/src/drivers/driver';
import { LocalDriver } from '../../apps/chaos-runner/src/drivers/local/local-driver';
import type { ExperimentDetail } from '../../apps/chaos-runner/src/experiments/experiment-views';
import { createDatabase } from '../support/catalog-database';
import { experimentDocument, startTestRunner, WEBHOOK_TOKEN, type TestRunner } from '../support/chaos-runner';
import { eventually } from '../support/extractor';
import { startTestCluster } from '../support/local-cluster';
import { query } from '../support/monitoring';

/**
 * The runner's local driver against the real local cluster (apps/local-cluster): the seam the
 * engine injects every fault through, then one experiment through it from start to verdict.
 */
describe('the local driver', () => {
  let cluster: RunningLocalCluster;
  let driver: LocalDriver;
  let runner: TestRunner;
  const replica = async (id: string): Promise<Replica> =>
    (await driver.replicas()).find((candidate) => candidate.id === id) as Replica;

  beforeAll(async () => {
    const runnerPort = await findFreePort();
    cluster = await startTestCluster(
      {
        adminDatabaseUrl: inject('adminDatabaseUrl'),
        s3Endpoint: inject('s3Endpoint'),
        scratchDir: inject('scratchDir'),
      },
      {
        alertmanager: {
          groupWaitSeconds: 1,
          groupIntervalSeconds: 1,
          ledgerWebhookUrl: `http://127.0.0.1:${runnerPort}/alertmanager/webhook`,
          ledgerWebhookToken: WEBHOOK_TOKEN,
        },
      },
    );
    driver = new LocalDriver({ baseUrl: cluster.controlUrl });
    runner = await startTestRunner({
      databaseUrl: await createDatabase(inject('adminDatabaseUrl')),
      driver,
      port: runnerPort,
    });
  });

  afterAll(async () => {
    await runner?.close();
    await cluster?.stop();
  });

  it('reads the cluster and injects and reverts each kind of fault through its control API', async () => {
    const info = await driver.info();
    expect(info).toMatchObject({
      prometheusUrl: cluster.info.prometheusUrl,
      zones: ['a', 'b'],
      bucket: cluster.info.bucket,
    });
    expect(info.groups.experiment.databaseUrl).not.toBe(info.groups.control.databaseUrl);
    const all = await driver.replicas();
    expect(all).toHaveLength(8);
    expect(all.find((candidate) => candidate.id === 'experiment-api-a')).toMatchObject({
      service: 'scale-api',
      group: 'experiment',
      zone: 'a',
      state: 'running',
    });

    await driver.signal('experiment-extractor-a', 'SIGSTOP');
    expect(await replica('experiment-extractor-a')).toMatchObject({ state: 'frozen' });
    await driver.signal('experiment-extractor-a', 'SIGCONT');
    expect(await replica('experiment-extractor-a')).toMatchObject({ state: 'running' });

    const hog = await driver.startCpuHog('experiment-api-b', { cores: 1, loadPercent: 10, timeoutSeconds: 30 });
    expect((await replica('experiment-api-b')).pids).toHaveLength(2);
    await driver.stopCpuHog(hog.id);
    await driver.stopCpuHog(hog.id);
    expect((await replica('experiment-api-b')).pids).toHaveLength(1);

    await driver.zoneDown('experiment', 'b');
    expect(
      (await driver.replicas()).filter((candidate) => candidate.state === 'zone-down').map((candidate) => candidate.id),
    ).toEqual(['experiment-api-b', 'experiment-extractor-b']);
    await driver.zoneUp('experiment', 'b');
    expect((await driver.replicas()).every((candidate) => candidate.state === 'running')).toBe(true);

    const before = await replica('experiment-extractor-b');
    await driver.killPod('experiment-extractor-b');
    await eventually('the killed pod to come back', async () => {
      const now = await replica('experiment-extractor-b');
      return now.state === 'running' && now.restarts === before.restarts + 1;
    });

    const unknown = await driver.signal('experiment-api-c', 'SIGKILL').catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ClusterDriverError);
    expect(unknown).toMatchObject({
      status: 404,
      message:
        'the local cluster refused POST /replicas/experiment-api-c/signal (404): id: there is no replica "experiment-api-c"',
    });
  });

  it("runs a container kill from start to verdict, detected by ProcessRestarts through the cluster's Alertmanager", async () => {
    await eventually(
      'the restarted replicas to be ready again',
      async () => (await driver.replicas()).every((candidate) => candidate.state === 'running'),
      30_000,
      200,
    );
    // Steady state is judged from Prometheus: every target of both groups up there too.
    await eventually(
      'Prometheus to scrape every replica',
      async () =>
        (await query(cluster.info.prometheusUrl, 'count(up{service=~"scale-api|scale-extractor"} == 1) == 8'))
          .length === 1,
      30_000,
      200,
    );
    const started = await runner.call<ExperimentDetail>(
      'POST',
      '/experiments',
      experimentDocument(
        { kind: 'container-kill', target: { service: 'scale-api', zone: 'a' } },
        { durationSeconds: 5, expectedAlerts: [{ alertname: 'ProcessRestarts', withinSeconds: 60 }] },
      ),
    );
    expect(started.status).toBe(201);
    const ended = await runner.until(started.body.id, 'ended', (detail) => detail.endedAt !== null, 150_000);
    expect(ended.status, ended.abortReason ?? '').toBe('completed');
    expect(ended.verdict).toMatchObject({
      recovered: true,
      falseAlarms: 0,
      detection: [{ alertname: 'ProcessRestarts', detected: true, withinDeadline: true }],
    });
    expect(ended.verdict?.detection[0].mttdSeconds).toBeLessThan((ended.verdict?.detectionFloorSeconds ?? 0) + 10);
    // The supervisor brings the replica back within the fault window: recovery is not the window's length.
    expect(ended.verdict?.recoverySeconds).toBeLessThan(5);
    expect(ended.verdict?.integrity).toMatchObject({ holds: true });
  });
});
