import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { findFreePort } from '@scale/embedded-servers';
import { startMonitoring } from '@scale/monitoring-stack';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { eventually, runCli, type RunningProcess } from '../support/extractor';
import { prometheusAlerts, query } from '../support/monitoring';
import { startWebhookReceiver, type NotifiedAlert, type WebhookReceiver } from '../support/webhook-receiver';

const API = resolve(__dirname, '..', '..', 'dist/apps/api/src/main.js');
/** TargetDown's `for` in observability/prometheus/rules/targets.yml. */
const TARGET_DOWN_FOR_MS = 30_000;

/** The alerts of the notifications posted to `path`, with the time each notification arrived. */
function notified(receiver: WebhookReceiver, path: string, match: (alert: NotifiedAlert) => boolean): NotifiedAlert[] {
  return receiver.notifications
    .filter((notification) => notification.path === path)
    .flatMap((notification) => notification.alerts.filter(match));
}

// A real API process scraped by a real Prometheus, whose alerts a real Alertmanager posts to webhooks.
describe('alerting', () => {
  it('pages and records TargetDown when the API is killed, and records its resolution when the API is back', async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    await (await openCatalog(databaseUrl)).destroy();
    const port = await findFreePort();
    const address = `127.0.0.1:${port}`;
    const environment = {
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      SCALE_GROUP: 'experiment',
      SCALE_ZONE: 'a',
      LOG_LEVEL: 'warn',
    };
    const processes: RunningProcess[] = [];
    const startApiProcess = async () => {
      const api = runCli([], environment, API);
      processes.push(api);
      await eventually(
        'the API to be ready',
        async () => (await fetch(`http://${address}/readyz`).catch(() => null))?.status === 200,
        60_000,
        100,
      );
      return api;
    };
    onTestFinished(() => {
      for (const { child } of processes) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });

    const receiver = await startWebhookReceiver();
    onTestFinished(() => receiver.close());
    const monitoring = await startMonitoring({
      dataDir: await mkdtemp(join(inject('scratchDir'), 'alerting-')),
      scrapeIntervalSeconds: 1,
      evaluationIntervalSeconds: 1,
      alertmanager: {
        groupWaitSeconds: 1,
        groupIntervalSeconds: 1,
        repeatIntervalSeconds: 3600,
        ledgerWebhookUrl: `${receiver.url}/ledger`,
        oncallWebhookUrl: `${receiver.url}/oncall`,
      },
    });
    onTestFinished(() => monitoring.stop());
    const prometheus = monitoring.prometheusUrl;

    const api = await startApiProcess();
    await monitoring.setTargets([{ address, labels: { service: 'scale-api', group: 'experiment', zone: 'a' } }]);
    await eventually(
      'Prometheus to scrape the API',
      async () => (await query(prometheus, `up{instance="${address}"} == 1`)).length === 1,
      30_000,
      200,
    );
    const [up] = await query(prometheus, `up{instance="${address}"}`);
    expect(up.metric).toEqual({
      __name__: 'up',
      job: 'scale-api',
      instance: address,
      service: 'scale-api',
      group: 'experiment',
      zone: 'a',
    });

    const killedAt = Date.now();
    api.child.kill('SIGKILL');
    await api.exited;

    const isTargetDown = (alert: NotifiedAlert) =>
      alert.labels.alertname === 'TargetDown' && alert.labels.instance === address;
    await eventually(
      'TargetDown to fire in Prometheus',
      async () =>
        (await prometheusAlerts(prometheus)).some(
          (alert) => alert.labels.alertname === 'TargetDown' && alert.state === 'firing',
        ),
      TARGET_DOWN_FOR_MS + 30_000,
      250,
    );
    await eventually(
      'the ledger to be told TargetDown fires',
      async () => notified(receiver, '/ledger', isTargetDown).length > 0,
      20_000,
      100,
    );
    const firedAt = Date.now();
    const [firing] = notified(receiver, '/ledger', isTargetDown);
    expect(firing.status).toBe('firing');
    expect(firing.labels).toEqual({
      alertname: 'TargetDown',
      job: 'scale-api',
      instance: address,
      service: 'scale-api',
      group: 'experiment',
      zone: 'a',
      severity: 'high',
      sev: 'SEV2',
    });
    expect(firing.annotations.runbook_url).toMatch(/observability\/README\.md#targetdown$/);
    // Not before the condition held for the rule's `for`: one down scrape is not an outage.
    expect(firedAt - killedAt).toBeGreaterThanOrEqual(TARGET_DOWN_FOR_MS);
    // high pages the on-call engineer too.
    await eventually(
      'on-call to be paged',
      async () => notified(receiver, '/oncall', isTargetDown).some((alert) => alert.status === 'firing'),
      10_000,
      100,
    );

    await startApiProcess();
    const resolved = (alert: NotifiedAlert) => isTargetDown(alert) && alert.status === 'resolved';
    await eventually(
      'the ledger to be told TargetDown resolved',
      async () => notified(receiver, '/ledger', resolved).length > 0,
      30_000,
      100,
    );
    await eventually(
      'on-call to be told TargetDown resolved',
      async () => notified(receiver, '/oncall', resolved).length > 0,
      10_000,
      100,
    );

    // The process gone (its first refused scrape already says so) and back under the same address is a restart:
    // a warning, for the ledger only.
    const isRestart = (alert: NotifiedAlert) =>
      alert.labels.alertname === 'ProcessRestarts' && alert.labels.instance === address;
    await eventually(
      'the ledger to be told of the restart',
      async () => notified(receiver, '/ledger', isRestart).length > 0,
      30_000,
      100,
    );
    expect(notified(receiver, '/ledger', isRestart)[0].labels).toMatchObject({
      severity: 'warning',
      sev: 'SEV3',
      service: 'scale-api',
      group: 'experiment',
    });
    expect(notified(receiver, '/oncall', isRestart)).toEqual([]);
  });
});
