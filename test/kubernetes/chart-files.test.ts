import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardFiles } from '../../observability/grafana/src/dashboards';
import { CI_VALUES, type Manifest, named, ofKind, renderChart } from '../helm/chart';

const OBSERVABILITY = resolve(__dirname, '..', '..', 'observability');
const RULES = join(OBSERVABILITY, 'prometheus', 'rules');
const SYNC = 'run `npm run chart:sync`';

interface Matcher {
  name: string;
  matchType: string;
  value: string;
}

/** An Alertmanager matcher such as severity=~"critical|high", read independently of the chart's template. */
function matcher(text: string): Matcher {
  for (const matchType of ['=~', '!~', '!=', '=']) {
    const at = text.indexOf(matchType);
    if (at > 0) {
      return {
        name: text.slice(0, at).trim(),
        matchType,
        value: JSON.parse(text.slice(at + matchType.length)) as string,
      };
    }
  }
  throw new Error(`not a matcher: ${text}`);
}

describe('the chart serves the same rules, dashboards and routing as the local stack', () => {
  let runner: Manifest[];

  beforeAll(async () => {
    runner = await renderChart('scale-runner', 'scale-chaos', [CI_VALUES.runner]);
  });

  it('renders one PrometheusRule per rule file, whose groups are the file’s, parsed', () => {
    const files = readdirSync(RULES).filter((name) => name.endsWith('.yml'));
    expect(files.length).toBeGreaterThan(0);
    const rules = ofKind(runner, 'PrometheusRule');
    expect(rules.map((rule) => rule.metadata.name).sort(), SYNC).toEqual(
      files.map((name) => `scale-runner-${name.replace(/\.yml$/, '')}`).sort(),
    );
    for (const file of files) {
      const source = parse(readFileSync(join(RULES, file), 'utf8')) as { groups: unknown };
      const rendered = named(runner, 'PrometheusRule', `scale-runner-${file.replace(/\.yml$/, '')}`);
      expect(rendered.spec?.groups, `${file}: ${SYNC}`).toEqual(source.groups);
    }
  });

  it('renders one dashboard ConfigMap per generated dashboard, holding exactly what the generator writes now', () => {
    const generated = dashboardFiles();
    expect(generated).toHaveLength(6);
    const maps = ofKind(runner, 'ConfigMap').filter((map) => map.metadata.labels?.grafana_dashboard === '1');
    expect(
      maps
        .map((map) => Object.keys(map.data ?? {}))
        .flat()
        .sort(),
      SYNC,
    ).toEqual(generated.map((file) => file.name).sort());
    for (const file of generated) {
      const map = maps.find((candidate) => candidate.data?.[file.name] !== undefined);
      expect(map?.data?.[file.name], `${file.name}: ${SYNC}`).toBe(file.contents);
    }
  });

  it('routes and inhibits as alertmanager.yml does, with the ledger webhook behind its credential', () => {
    const source = parse(readFileSync(join(OBSERVABILITY, 'alertmanager', 'alertmanager.yml'), 'utf8')) as {
      route: Record<string, unknown> & { routes: Array<{ receiver: string; continue?: boolean; matchers?: string[] }> };
      receivers: Array<{ name: string }>;
      inhibit_rules: Array<{ source_matchers: string[]; target_matchers: string[]; equal: string[] }>;
    };
    const config = named(runner, 'AlertmanagerConfig', 'scale-runner').spec as {
      route: Record<string, unknown>;
      receivers: Array<{ name: string; webhookConfigs?: unknown[] }>;
      inhibitRules: unknown[];
    };
    expect(config.route).toEqual({
      receiver: source.route.receiver,
      groupBy: source.route.group_by,
      groupWait: source.route.group_wait,
      groupInterval: source.route.group_interval,
      repeatInterval: source.route.repeat_interval,
      routes: source.route.routes.map((route) => ({
        receiver: route.receiver,
        ...(route.continue && { continue: true }),
        ...(route.matchers && { matchers: route.matchers.map(matcher) }),
      })),
    });
    expect(config.inhibitRules).toEqual(
      source.inhibit_rules.map((rule) => ({
        sourceMatch: rule.source_matchers.map(matcher),
        targetMatch: rule.target_matchers.map(matcher),
        equal: rule.equal,
      })),
    );
    expect(config.receivers.map((receiver) => receiver.name)).toEqual(
      source.receivers.map((receiver) => receiver.name),
    );
    expect(config.receivers.find((receiver) => receiver.name === 'alert-ledger')?.webhookConfigs).toEqual([
      {
        url: 'http://scale-runner-chaos-runner.scale-chaos.svc:3002/alertmanager/webhook',
        sendResolved: true,
        httpConfig: {
          authorization: { type: 'Bearer', credentials: { name: 'scale-runner-auth', key: 'webhook-token' } },
        },
      },
    ]);
    // Without an on-call URL the receiver stays, empty, as the local stack keeps it.
    expect(config.receivers.find((receiver) => receiver.name === 'oncall')?.webhookConfigs).toBeUndefined();
  });

  it('pages the on-call webhook when one is configured', async () => {
    const paged = await renderChart('scale-runner', 'scale-chaos', [CI_VALUES.runner], {
      'monitoring.alerting.oncallWebhookUrl': 'https://pager.example/hook',
    });
    const { receivers } = named(paged, 'AlertmanagerConfig', 'scale-runner').spec as {
      receivers: Array<{ name: string; webhookConfigs?: unknown[] }>;
    };
    expect(receivers.find((receiver) => receiver.name === 'oncall')?.webhookConfigs).toEqual([
      { url: 'https://pager.example/hook', sendResolved: true },
    ]);
  });

  it('leaves the cluster-wide rules, routing and dashboards to the runner release', async () => {
    const control = await renderChart('scale-control', 'scale-control', [CI_VALUES.control]);
    expect(control.map((manifest) => manifest.kind)).not.toContain('PrometheusRule');
    expect(control.map((manifest) => manifest.kind)).not.toContain('AlertmanagerConfig');
    expect(ofKind(control, 'ConfigMap')).toEqual([]);
  });
});
