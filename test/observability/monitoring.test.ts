import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { parse } from 'yaml';
import { MonitoringError, observabilityFiles, startMonitoring } from '@scale/monitoring-stack';
import { createMetricsRegistry } from '@scale/telemetry';
import { eventually } from '../support/extractor';
import { activeTargets, query, runTool } from '../support/monitoring';
import { startWebhookReceiver } from '../support/webhook-receiver';

/** A /metrics endpoint as the apps serve it, labelled by the app itself. */
async function serveMetrics(identity: {
  service: string;
  group: string;
  zone: string;
}): Promise<{ address: string; close(): Promise<void> }> {
  const registry = createMetricsRegistry({ ...identity, version: '1.2.3' });
  const server = createServer((_request, response) => {
    void registry.metrics().then((text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The programs this process runs as its children, by name. */
async function childPrograms(): Promise<string[]> {
  const { output } = await runTool('ps', ['-o', 'comm=', '--ppid', String(process.pid)]);
  return output
    .split('\n')
    .filter((name) => name.startsWith('prometheus'))
    .sort();
}

async function ruleGroupNames(): Promise<string[]> {
  const { rulesDir } = observabilityFiles();
  const names: string[] = [];
  for (const file of (await readdir(rulesDir)).filter((name) => name.endsWith('.yml'))) {
    const { groups } = parse(await readFile(join(rulesDir, file), 'utf8')) as { groups: Array<{ name: string }> };
    names.push(...groups.map((group) => group.name));
  }
  return names.sort();
}

describe('startMonitoring', () => {
  it('runs Prometheus with the rules and Alertmanager with the policy, scrapes the targets it is given, and stops both', async () => {
    const dataDir = await mkdtemp(join(inject('scratchDir'), 'monitoring-'));
    const ledger = await startWebhookReceiver();
    onTestFinished(() => ledger.close());
    // The app says zone "local"; where it runs, as the target says, is zone b.
    const app = await serveMetrics({ service: 'scale-api', group: 'control', zone: 'local' });
    onTestFinished(() => app.close());

    const monitoring = await startMonitoring({
      dataDir,
      scrapeIntervalSeconds: 1,
      evaluationIntervalSeconds: 1,
      alertmanager: { ledgerWebhookUrl: `${ledger.url}/alerts` },
    });
    onTestFinished(() => monitoring.stop());
    const prometheus = monitoring.prometheusUrl;

    const rules = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ name: string; rules: unknown[] }> };
    };
    expect(rules.data.groups.map((group) => group.name).sort()).toEqual(await ruleGroupNames());
    await eventually(
      'Prometheus to know the Alertmanager',
      async () => {
        const { data } = (await (await fetch(`${prometheus}/api/v1/alertmanagers`)).json()) as {
          data: { activeAlertmanagers: Array<{ url: string }> };
        };
        return data.activeAlertmanagers.map((entry) => new URL(entry.url).origin).join() === monitoring.alertmanagerUrl;
      },
      10_000,
      100,
    );
    const status = (await (await fetch(`${monitoring.alertmanagerUrl}/api/v2/status`)).json()) as {
      config: { original: string };
    };
    const config = parse(status.config.original) as {
      receivers: Array<{ name: string; webhook_configs?: Array<{ url: string }> }>;
    };
    expect(config.receivers.find((receiver) => receiver.name === 'alert-ledger')?.webhook_configs?.[0].url).toBe(
      `${ledger.url}/alerts`,
    );

    await monitoring.setTargets([
      { address: app.address, labels: { service: 'scale-api', group: 'control', zone: 'b' } },
    ]);
    await eventually(
      'the target to be scraped',
      async () => (await query(prometheus, `up{instance="${app.address}"} == 1`)).length === 1,
      30_000,
      200,
    );
    const [buildInfo] = await query(prometheus, 'scale_build_info');
    expect(buildInfo.metric).toEqual({
      __name__: 'scale_build_info',
      job: 'scale-api',
      instance: app.address,
      service: 'scale-api',
      group: 'control',
      zone: 'b',
      version: '1.2.3',
      node_version: process.versions.node,
    });

    await monitoring.setTargets([]);
    await eventually(
      'the target to be dropped',
      async () => (await activeTargets(prometheus)).length === 0,
      30_000,
      200,
    );

    await monitoring.stop();
    await expect(fetch(`${prometheus}/-/ready`)).rejects.toThrow();
    await expect(fetch(`${monitoring.alertmanagerUrl}/-/ready`)).rejects.toThrow();
    await expect(monitoring.stop()).resolves.toBeUndefined();
  });

  it('Alertmanager silences what a zone outage, a down target, an unreachable database or a more severe alert explains', async () => {
    const monitoring = await startMonitoring({ dataDir: await mkdtemp(join(inject('scratchDir'), 'monitoring-')) });
    onTestFinished(() => monitoring.stop());
    const apiA = { service: 'scale-api', group: 'experiment', zone: 'a', instance: '10.0.0.1:3000' };
    const extractorB = { service: 'scale-extractor', group: 'control', zone: 'b', instance: '10.0.1.1:3001' };
    const alerts: Array<Record<string, string>> = [
      { alertname: 'ZoneOutage', service: 'all', group: 'control', zone: 'b', severity: 'critical' },
      { alertname: 'TargetDown', ...extractorB, severity: 'high' },
      { alertname: 'HighCpu', ...extractorB, group: 'experiment', severity: 'warning' },
      { alertname: 'ExtractorStalled', service: 'scale-extractor', group: 'control', severity: 'high' },
      { alertname: 'TargetDown', ...apiA, severity: 'high' },
      {
        alertname: 'ApiLatencyBudgetBurn',
        service: 'scale-api',
        group: 'experiment',
        severity: 'critical',
        long: '1h',
      },
      { alertname: 'ApiLatencyBudgetBurn', service: 'scale-api', group: 'control', severity: 'critical', long: '1h' },
      {
        alertname: 'ApiAvailabilityBudgetBurn',
        service: 'scale-api',
        group: 'control',
        severity: 'warning',
        long: '1d',
      },
      {
        alertname: 'ApiAvailabilityBudgetBurn',
        service: 'scale-api',
        group: 'control',
        severity: 'critical',
        long: '1h',
      },
      { alertname: 'DatabaseUnreachable', ...apiA, group: 'control', severity: 'critical' },
      { alertname: 'SimilarityIndexStale', ...apiA, group: 'control', severity: 'warning' },
    ];
    const response = await fetch(`${monitoring.alertmanagerUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(alerts.map((labels) => ({ labels, endsAt: new Date(Date.now() + 600_000).toISOString() }))),
    });
    expect(response.status).toBe(200);

    type Held = { labels: Record<string, string>; status: { state: string } };
    let held: Held[] = [];
    await eventually(
      'Alertmanager to hold the alerts',
      async () =>
        (held = (await (await fetch(`${monitoring.alertmanagerUrl}/api/v2/alerts`)).json()) as Held[]).length ===
        alerts.length,
      10_000,
      100,
    );
    const state = (labels: Record<string, string>) =>
      held.find((alert) => Object.entries(labels).every(([name, value]) => alert.labels[name] === value))?.status.state;
    expect(state({ alertname: 'ZoneOutage' })).toBe('active');
    // Per-target alerts in the zone that is out, but not those of the other group there, nor group-wide ones.
    expect(state({ alertname: 'TargetDown', instance: extractorB.instance })).toBe('suppressed');
    expect(state({ alertname: 'HighCpu' })).toBe('active');
    expect(state({ alertname: 'ExtractorStalled' })).toBe('active');
    // The budget burn of the group whose API target is down, not the other group's.
    expect(state({ alertname: 'TargetDown', instance: apiA.instance })).toBe('active');
    expect(state({ alertname: 'ApiLatencyBudgetBurn', group: 'experiment' })).toBe('suppressed');
    expect(state({ alertname: 'ApiLatencyBudgetBurn', group: 'control' })).toBe('active');
    // The most severe of one alert speaks.
    expect(state({ alertname: 'ApiAvailabilityBudgetBurn', severity: 'critical' })).toBe('active');
    expect(state({ alertname: 'ApiAvailabilityBudgetBurn', severity: 'warning' })).toBe('suppressed');
    expect(state({ alertname: 'DatabaseUnreachable' })).toBe('active');
    expect(state({ alertname: 'SimilarityIndexStale' })).toBe('suppressed');
  });

  it('notifies, after a restart on the same data, an alert a previous run had notified and stopped while it fired', async () => {
    const dataDir = await mkdtemp(join(inject('scratchDir'), 'monitoring-'));
    const receiver = await startWebhookReceiver();
    onTestFinished(() => receiver.close());
    const alertmanager = { groupWaitSeconds: 0, groupIntervalSeconds: 1, ledgerWebhookUrl: `${receiver.url}/ledger` };
    // The same replica killed in two runs: the same labels, so the same alert to Alertmanager.
    const labels = {
      alertname: 'ProcessRestarts',
      service: 'scale-api',
      group: 'experiment',
      zone: 'a',
      severity: 'warning',
    };
    const notifiedTimes = () =>
      receiver.notifications.filter((notification) => notification.alerts.some((alert) => alert.status === 'firing'))
        .length;
    for (const run of [1, 2]) {
      const monitoring = await startMonitoring({ dataDir, alertmanager });
      const response = await fetch(`${monitoring.alertmanagerUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify([{ labels, endsAt: new Date(Date.now() + 600_000).toISOString() }]),
      });
      expect(response.status).toBe(200);
      await eventually(`run ${run}'s alert to reach the ledger`, async () => notifiedTimes() === run, 15_000, 100);
      await monitoring.stop();
    }
  });

  it('refuses a data directory a running Prometheus holds, with its log lines, and leaves nothing running', async () => {
    const dataDir = await mkdtemp(join(inject('scratchDir'), 'monitoring-'));
    const first = await startMonitoring({ dataDir });
    onTestFinished(() => first.stop());
    const running = await childPrograms();
    expect(running).toEqual(['prometheus', 'prometheus-aler']);
    const attempt = startMonitoring({ dataDir });
    await expect(attempt).rejects.toThrow(MonitoringError);
    await expect(attempt).rejects.toThrow(
      /could not start Prometheus on 127\.0\.0\.1:\d+: it exited \(code \d+\) before it was ready\nlast log lines:[\s\S]*lock DB directory/,
    );
    expect((await fetch(`${first.prometheusUrl}/-/ready`)).status).toBe(200);
    expect(await childPrograms()).toEqual(running);
  });

  it('names a missing program and the script that installs it', async () => {
    const dataDir = await mkdtemp(join(inject('scratchDir'), 'monitoring-'));
    await expect(startMonitoring({ dataDir, binaries: { alertmanager: '/nonexistent/alertmanager' } })).rejects.toThrow(
      'not installed: alertmanager (/nonexistent/alertmanager); run scripts/install-monitoring.sh',
    );
  });
});
