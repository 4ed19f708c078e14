import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { startMonitoring } from '@scale/monitoring-stack';
import { createDatabase } from '../support/catalog-database';
import { eventually } from '../support/extractor';
import {
  alertLabels,
  notification,
  READER_TOKEN,
  startLedgerApp,
  WEBHOOK_TOKEN,
  type RunningLedger,
  type TestAlert,
} from '../support/ledger-app';
import { seriesValue } from '../support/prometheus-text';

interface AlertRow {
  fingerprint: string;
  alertname: string;
  service: string | null;
  group_name: string | null;
  zone: string | null;
  severity: string | null;
  sev: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  starts_at: Date;
  ends_at: Date | null;
  first_seen_at: Date;
  resolved_seen_at: Date | null;
}

interface Listed {
  items: Array<{
    fingerprint: string;
    alertname: string;
    status: string;
    startsAt: string;
    endsAt: string | null;
    durationSeconds: number | null;
  }>;
}

async function ledger(options: { noiseSeconds?: number } = {}): Promise<RunningLedger> {
  const running = await startLedgerApp(await createDatabase(inject('adminDatabaseUrl')), options);
  onTestFinished(() => running.close());
  return running;
}

const rows = (running: RunningLedger): Promise<AlertRow[]> =>
  running.dataSource.query(`select * from alerts order by starts_at, fingerprint`);

const minutes = (n: number) => n * 60_000;

// The ledger in a Nest app of its own (the runner's wiring) on a real Postgres, fed real-format notifications.
describe('alert ledger', () => {
  it('records a firing alert once however often it is delivered, then its resolution once', async () => {
    const running = await ledger();
    const startsAt = new Date(Date.now() - minutes(5));
    const firing: TestAlert = {
      status: 'firing',
      labels: alertLabels('TargetDown'),
      startsAt,
      fingerprint: '4e6b5c1a7f2d9e30',
    };
    const resolved: TestAlert = { ...firing, status: 'resolved', endsAt: new Date(startsAt.getTime() + 90_000) };

    const first = await running.postWebhook(notification([firing]));
    expect(first).toEqual({ status: 200, body: { received: 1, created: 1, resolved: 0, unchanged: 0, stale: 0 } });
    const [row] = await rows(running);
    expect(row).toMatchObject({
      fingerprint: '4e6b5c1a7f2d9e30',
      alertname: 'TargetDown',
      service: 'scale-api',
      group_name: 'experiment',
      zone: 'a',
      severity: 'high',
      sev: 'SEV2',
      labels: alertLabels('TargetDown'),
      annotations: { summary: 'TargetDown of scale-api', runbook_url: 'https://example.invalid/runbook' },
      starts_at: startsAt,
      ends_at: null,
      resolved_seen_at: null,
    });

    // Redelivered (a retry), and repeated as Alertmanager does while the group fires.
    expect((await running.postWebhook(notification([firing]))).body).toMatchObject({ created: 0, unchanged: 1 });
    expect(await rows(running)).toEqual([row]);

    expect((await running.postWebhook(notification([resolved]))).body).toMatchObject({ resolved: 1 });
    const [done] = await rows(running);
    expect(done.ends_at).toEqual(resolved.endsAt);
    expect(done.resolved_seen_at).not.toBeNull();
    expect(done.first_seen_at).toEqual(row.first_seen_at);

    expect((await running.postWebhook(notification([resolved]))).body).toMatchObject({ unchanged: 1 });
    // A late firing notification of the same occurrence does not reopen it.
    expect((await running.postWebhook(notification([firing]))).body).toMatchObject({ stale: 1 });
    expect(await rows(running)).toEqual([done]);

    // The same alert firing again later is a new occurrence.
    const again: TestAlert = { ...firing, startsAt: new Date(startsAt.getTime() + minutes(3)) };
    expect((await running.postWebhook(notification([again]))).body).toMatchObject({ created: 1 });
    expect((await rows(running)).map((r) => r.ends_at === null)).toEqual([false, true]);
  });

  it('creates an occurrence already resolved when the resolution is the first news of it', async () => {
    const running = await ledger();
    const startsAt = new Date(Date.now() - minutes(10));
    const resolved: TestAlert = {
      status: 'resolved',
      labels: alertLabels('HighCpu', { severity: 'warning' }),
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60_000),
      fingerprint: 'aa01',
    };
    expect((await running.postWebhook(notification([resolved]))).body).toMatchObject({ created: 1 });
    const [row] = await rows(running);
    expect(row).toMatchObject({ sev: 'SEV3', starts_at: startsAt, ends_at: resolved.endsAt });
    expect(row.resolved_seen_at).toEqual(row.first_seen_at);
    expect((await running.postWebhook(notification([{ ...resolved, status: 'firing' }]))).body).toMatchObject({
      stale: 1,
    });
  });

  it('records one row when the same notification arrives many times at once', async () => {
    const running = await ledger();
    const startsAt = new Date(Date.now() - minutes(2));
    const alerts: TestAlert[] = ['f01', 'f02', 'f03'].map((fingerprint, i) => ({
      status: 'firing',
      labels: alertLabels('TargetDown', { zone: `z${i}` }),
      startsAt,
      fingerprint,
    }));
    const deliver = async (batch: TestAlert[]) =>
      Promise.all(Array.from({ length: 8 }, () => running.postWebhook(notification(batch))));
    const receipts = await deliver(alerts);
    expect(receipts.map((receipt) => receipt.status)).toEqual(Array(8).fill(200));
    expect(receipts.reduce((sum, receipt) => sum + Number(receipt.body.created), 0)).toBe(3);
    const resolutions = await deliver(alerts.map((alert) => ({ ...alert, status: 'resolved', endsAt: new Date() })));
    expect(resolutions.reduce((sum, receipt) => sum + Number(receipt.body.resolved), 0)).toBe(3);
    expect((await rows(running)).map((row) => [row.fingerprint, row.ends_at !== null])).toEqual([
      ['f01', true],
      ['f02', true],
      ['f03', true],
    ]);
  });

  it('takes notifications only with its own bearer token: none, a wrong one or a reader token get a 401, counted, and nothing is kept', async () => {
    const running = await ledger();
    const body = notification([
      { status: 'firing', labels: alertLabels('TargetDown'), startsAt: new Date(), fingerprint: 'cc01' },
    ]);
    for (const token of [null, 'not-the-webhook-token-0000', READER_TOKEN]) {
      const refused = await running.postWebhook(body, token);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ status: 401 });
    }
    expect(await rows(running)).toEqual([]);
    const metrics = await running.metrics();
    expect(seriesValue(metrics, 'scale_ledger_webhook_refusals_total', { reason: 'missing' })).toBe(1);
    expect(seriesValue(metrics, 'scale_ledger_webhook_refusals_total', { reason: 'unknown' })).toBe(2);
    // The webhook's token reads nothing either: it is Alertmanager's, not a person's.
    expect((await running.get('/alerts', WEBHOOK_TOKEN)).status).toBe(401);
    expect((await running.postWebhook(body)).status).toBe(200);
    expect(await rows(running)).toHaveLength(1);
  });

  it('refuses a malformed notification with a 400 naming the field, and keeps none of it', async () => {
    const running = await ledger();
    const good: TestAlert = {
      status: 'firing',
      labels: alertLabels('TargetDown'),
      startsAt: new Date(),
      fingerprint: 'bb01',
    };
    const body = notification([good, { ...good, fingerprint: 'bb02' }]) as { alerts: Array<Record<string, unknown>> };
    body.alerts[1].startsAt = 'soon';
    const refused = await running.postWebhook(body);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('alerts[1].startsAt must be an RFC 3339 time');
    const unresolvable = notification([
      { ...good, status: 'resolved', endsAt: new Date(good.startsAt.getTime() - 1000) },
    ]);
    expect(JSON.stringify((await running.postWebhook(unresolvable)).body)).toContain(
      'alerts[0].endsAt must not be before startsAt',
    );
    expect((await running.postWebhook({ version: '4' })).status).toBe(400);
    expect(await rows(running)).toEqual([]);
  });

  it('lists alerts by group, service, name, time and state, to token holders only', async () => {
    const running = await ledger();
    const now = Date.now();
    await running.postWebhook(
      notification([
        {
          status: 'resolved',
          labels: alertLabels('TargetDown'),
          startsAt: new Date(now - minutes(60)),
          endsAt: new Date(now - minutes(50)),
          fingerprint: 'c1',
        },
        {
          status: 'firing',
          labels: alertLabels('TargetDown', { group: 'control' }),
          startsAt: new Date(now - minutes(40)),
          fingerprint: 'c2',
        },
        {
          status: 'firing',
          labels: alertLabels('ExtractorStalled', { service: 'scale-extractor' }),
          startsAt: new Date(now - minutes(30)),
          fingerprint: 'c3',
        },
      ]),
    );
    const names = async (query: string) =>
      (await running.get<Listed>(`/alerts${query}`)).body.items.map((item) => item.fingerprint);
    expect(await names('')).toEqual(['c3', 'c2', 'c1']);
    expect(await names('?group=control')).toEqual(['c2']);
    expect(await names('?service=scale-extractor')).toEqual(['c3']);
    expect(await names('?alertname=TargetDown')).toEqual(['c2', 'c1']);
    expect(await names('?firing=true')).toEqual(['c3', 'c2']);
    expect(await names('?firing=false')).toEqual(['c1']);
    expect(await names(`?since=${new Date(now - minutes(45)).toISOString()}`)).toEqual(['c3', 'c2']);
    expect(await names('?limit=1')).toEqual(['c3']);
    const [resolved] = (await running.get<Listed>('/alerts?firing=false')).body.items;
    expect(resolved).toMatchObject({
      status: 'resolved',
      durationSeconds: 600,
      endsAt: new Date(now - minutes(50)).toISOString(),
    });

    const invalid = await running.get<{ message: string[] }>('/alerts?since=yesterday');
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toEqual(['since must be an RFC 3339 date-time, such as 2026-01-05T00:00:00Z']);
    expect((await running.get('/alerts?colour=red')).status).toBe(400);
    expect((await running.get('/alerts', null)).status).toBe(401);
    expect((await running.get('/alerts', 'not-a-token-of-this-runner')).status).toBe(401);
  });

  it('documents its routes, parameters and answers in the OpenAPI document', async () => {
    const running = await ledger();
    const document = SwaggerModule.createDocument(running.app, new DocumentBuilder().build());
    // The app also serves the auth module's routes.
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/alertmanager/webhook',
        '/alerts',
        '/alerts/statistics/services',
        '/alerts/statistics/weekly',
      ]),
    );
    const parameters = (path: string) =>
      (document.paths[path].get?.parameters ?? []).map((parameter) => ('name' in parameter ? parameter.name : ''));
    expect(parameters('/alerts')).toEqual(['group', 'service', 'alertname', 'since', 'firing', 'limit']);
    expect(parameters('/alerts/statistics/weekly')).toEqual(['from', 'to', 'noiseSeconds']);
    expect(document.paths['/alertmanager/webhook'].post?.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertmanagerWebhook' } } },
    });
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['AlertDto', 'WeekStatisticsDto', 'ServiceStatisticsDto', 'WebhookReceiptDto']),
    );
  });

  it('gives the on-call statistics over HTTP and as metrics', async () => {
    const running = await ledger();
    // Monday 00:00 UTC of last week: the whole story happens in one ISO week, within the on-call window.
    const today = new Date();
    const monday =
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) -
      ((today.getUTCDay() + 6) % 7) * 86_400_000 -
      7 * 86_400_000;
    const at = (minute: number) => new Date(monday + minutes(minute));
    const api = (alertname: string, severity: string, group = 'experiment') =>
      alertLabels(alertname, { severity, group });
    const story: TestAlert[] = [
      // An experiment on the experiment group: TargetDown and ZoneOutage together are one SEV1 incident, explained.
      { status: 'resolved', labels: api('TargetDown', 'high'), startsAt: at(0), endsAt: at(2), fingerprint: 'd1' },
      { status: 'resolved', labels: api('ZoneOutage', 'critical'), startsAt: at(1), endsAt: at(4), fingerprint: 'd2' },
      // Nothing behind it, gone in two minutes: noise.
      {
        status: 'resolved',
        labels: api('HighCpu', 'warning', 'control'),
        startsAt: at(60),
        endsAt: at(62),
        fingerprint: 'd3',
      },
      // Ten minutes: an incident, not noise.
      { status: 'resolved', labels: api('TargetDown', 'high'), startsAt: at(120), endsAt: at(130), fingerprint: 'd1' },
      {
        status: 'firing',
        labels: alertLabels('ExtractorStalled', { service: 'scale-extractor' }),
        startsAt: at(200),
        fingerprint: 'd5',
      },
    ];
    running.windows.push({ from: at(-1), to: at(5), group: 'experiment' });
    // As Alertmanager would tell it: each alert firing first, then resolved.
    for (const alert of story) {
      await running.postWebhook(notification([{ ...alert, status: 'firing' }]));
      if (alert.status === 'resolved') await running.postWebhook(notification([alert]));
    }

    const range = `from=${at(0).toISOString()}&to=${at(7 * 24 * 60).toISOString()}`;
    const weekly = await running.get<{ noiseSeconds: number; weeks: Array<Record<string, unknown>> }>(
      `/alerts/statistics/weekly?${range}`,
    );
    expect(weekly.status).toBe(200);
    expect(weekly.body.noiseSeconds).toBe(300);
    expect(weekly.body.weeks).toHaveLength(1);
    expect(weekly.body.weeks[0]).toEqual({
      week: expect.stringMatching(/^\d{4}-W\d{2}$/),
      alerts: 5,
      alertsByService: [
        { service: 'scale-api', group: 'experiment', count: 3 },
        { service: 'scale-api', group: 'control', count: 1 },
        { service: 'scale-extractor', group: 'experiment', count: 1 },
      ],
      noisy: 1,
      noisyAlerts: [{ alertname: 'HighCpu', service: 'scale-api', group: 'control', count: 1 }],
      topAlerts: [
        { alertname: 'TargetDown', service: 'scale-api', group: 'experiment', count: 2 },
        { alertname: 'ExtractorStalled', service: 'scale-extractor', group: 'experiment', count: 1 },
        { alertname: 'HighCpu', service: 'scale-api', group: 'control', count: 1 },
        { alertname: 'ZoneOutage', service: 'scale-api', group: 'experiment', count: 1 },
      ],
      incidents: 4,
      incidentsBySev: [
        { sev: 'SEV1', count: 1 },
        { sev: 'SEV2', count: 2 },
        { sev: 'SEV3', count: 1 },
        { sev: 'SEV4', count: 0 },
      ],
      incidentsByService: [
        { service: 'scale-api', group: 'experiment', count: 2 },
        { service: 'scale-api', group: 'control', count: 1 },
        { service: 'scale-extractor', group: 'experiment', count: 1 },
      ],
    });
    // A shorter noise time makes the two-minute alert a real one.
    expect(
      (await running.get<{ weeks: Array<{ noisy: number }> }>(`/alerts/statistics/weekly?${range}&noiseSeconds=60`))
        .body.weeks[0].noisy,
    ).toBe(0);

    const services = await running.get<{ services: unknown[] }>(`/alerts/statistics/services?${range}`);
    expect(services.body.services).toEqual([
      {
        service: 'scale-api',
        group: 'control',
        alerts: 1,
        firing: 0,
        timeToResolve: { meanSeconds: 120, p50Seconds: 120, p90Seconds: 120 },
        incidents: 1,
        mttrSeconds: 120,
        mtbfSeconds: null,
      },
      // Alerts resolved in 120, 180 and 600 s; incidents of 240 and 600 s, 116 minutes apart.
      {
        service: 'scale-api',
        group: 'experiment',
        alerts: 3,
        firing: 0,
        timeToResolve: { meanSeconds: 300, p50Seconds: 180, p90Seconds: 516 },
        incidents: 2,
        mttrSeconds: 420,
        mtbfSeconds: 6960,
      },
      {
        service: 'scale-extractor',
        group: 'experiment',
        alerts: 1,
        firing: 1,
        timeToResolve: { meanSeconds: null, p50Seconds: null, p90Seconds: null },
        incidents: 1,
        mttrSeconds: null,
        mtbfSeconds: null,
      },
    ]);
    const reversed = await running.get<{ message: string[] }>(
      `/alerts/statistics/services?from=${at(10).toISOString()}&to=${at(0).toISOString()}`,
    );
    expect(reversed).toEqual({ status: 422, body: expect.objectContaining({ message: ['from must be before to'] }) });

    const text = await running.metrics();
    const experimentApi = { alert_service: 'scale-api', alert_group: 'experiment' };
    expect(
      seriesValue(text, 'scale_ledger_alerts_total', {
        alertname: 'TargetDown',
        ...experimentApi,
        severity: 'high',
        sev: 'SEV2',
        service: 'scale-chaos-runner',
      }),
    ).toBe(2);
    expect(
      seriesValue(text, 'scale_ledger_alerts_firing', {
        alertname: 'ExtractorStalled',
        alert_service: 'scale-extractor',
      }),
    ).toBe(1);
    expect(seriesValue(text, 'scale_ledger_alerts_firing', { alertname: 'TargetDown', ...experimentApi })).toBe(0);
    expect(seriesValue(text, 'scale_ledger_time_to_resolve_seconds_count', experimentApi)).toBe(3);
    expect(seriesValue(text, 'scale_ledger_time_to_resolve_seconds_sum', experimentApi)).toBe(900);
    expect(seriesValue(text, 'scale_ledger_time_to_resolve_seconds_bucket', { ...experimentApi, le: '300' })).toBe(2);
    expect(seriesValue(text, 'scale_ledger_noisy_alerts_total', { alertname: 'HighCpu', alert_group: 'control' })).toBe(
      1,
    );
    expect(seriesValue(text, 'scale_ledger_noisy_alerts_total', { alertname: 'TargetDown', ...experimentApi })).toBe(0);
    expect(seriesValue(text, 'scale_incidents_total', { ...experimentApi, sev: 'SEV1' })).toBe(1);
    expect(seriesValue(text, 'scale_incidents_total', { ...experimentApi, sev: 'SEV2' })).toBe(1);
    expect(seriesValue(text, 'scale_oncall_mttr_seconds', experimentApi)).toBe(420);
    expect(seriesValue(text, 'scale_oncall_mtbf_seconds', experimentApi)).toBe(6960);
    expect(text).toMatch(/^# TYPE scale_ledger_alerts_total counter$/m);
    expect(text).toMatch(/^# TYPE scale_ledger_time_to_resolve_seconds histogram$/m);

    // The windows are read at scrape time: without the experiment, the short TargetDown is noise too.
    running.windows.length = 0;
    expect(
      seriesValue(await running.metrics(), 'scale_ledger_noisy_alerts_total', {
        alertname: 'TargetDown',
        ...experimentApi,
      }),
    ).toBe(1);
  });
});

// Real Prometheus and Alertmanager (Debian's, or scripts/install-monitoring.sh) posting to the ledger.
describe('alert ledger behind a real Alertmanager', () => {
  it('records an alert Alertmanager notifies, then its resolution', async () => {
    const running = await ledger();
    const monitoring = await startMonitoring({
      dataDir: await mkdtemp(join(inject('scratchDir'), 'ledger-')),
      scrapeIntervalSeconds: 1,
      evaluationIntervalSeconds: 1,
      alertmanager: {
        groupWaitSeconds: 1,
        groupIntervalSeconds: 1,
        repeatIntervalSeconds: 3600,
        ledgerWebhookUrl: `${running.url}/alertmanager/webhook`,
        ledgerWebhookToken: WEBHOOK_TOKEN,
      },
    });
    onTestFinished(() => monitoring.stop());

    const labels = {
      alertname: 'LedgerEndToEnd',
      service: 'scale-api',
      group: 'experiment',
      zone: 'b',
      severity: 'critical',
      sev: 'SEV1',
    };
    const startsAt = new Date(Date.now() - 5_000);
    const post = async (endsAt: Date) => {
      const response = await fetch(`${monitoring.alertmanagerUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            labels,
            annotations: { summary: 'posted by the ledger test' },
            startsAt: startsAt.toISOString(),
            endsAt: endsAt.toISOString(),
            generatorURL: 'http://test.invalid/',
          },
        ]),
      });
      expect(response.status).toBe(200);
    };
    const recorded = async () => (await rows(running)).filter((row) => row.alertname === 'LedgerEndToEnd');

    await post(new Date(Date.now() + 10 * 60_000));
    await eventually('the ledger to record the firing alert', async () => (await recorded()).length === 1, 30_000, 100);
    const [firing] = await recorded();
    expect(firing).toMatchObject({
      service: 'scale-api',
      group_name: 'experiment',
      zone: 'b',
      severity: 'critical',
      sev: 'SEV1',
      starts_at: startsAt,
      ends_at: null,
      labels,
    });
    expect(firing.fingerprint).toMatch(/^[0-9a-f]{16}$/);

    const endsAt = new Date(Date.now() - 1_000);
    await post(endsAt);
    await eventually(
      'the ledger to record the resolution',
      async () => (await recorded())[0]?.ends_at !== null,
      30_000,
      100,
    );
    const [resolved] = await recorded();
    expect(resolved).toMatchObject({ fingerprint: firing.fingerprint, starts_at: startsAt, ends_at: endsAt });
    expect(await recorded()).toHaveLength(1);
    const listed = await running.get<Listed>('/alerts?alertname=LedgerEndToEnd');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ status: 'resolved', durationSeconds: (endsAt.getTime() - startsAt.getTime()) / 1000 }),
    ]);
  });
});
