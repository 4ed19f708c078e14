import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderAlertmanagerConfig } from './alertmanager-config';
import { MonitoringError } from './errors';
import { observabilityFiles } from './project-files';

const policy = readFileSync(observabilityFiles().alertmanagerPolicy, 'utf8');

function receiver(config: { receivers: Array<{ name: string }> }, name: string) {
  return config.receivers.find((candidate) => candidate.name === name);
}

describe('renderAlertmanagerConfig', () => {
  it("puts the ledger's and the on-call webhook's URLs into their receivers, resolutions included", () => {
    const config = parse(
      renderAlertmanagerConfig(policy, {
        ledgerWebhookUrl: 'http://127.0.0.1:4000/ledger/alerts',
        oncallWebhookUrl: 'https://pager.example/hook',
      }),
    );
    expect(receiver(config, 'alert-ledger')).toEqual({
      name: 'alert-ledger',
      webhook_configs: [{ url: 'http://127.0.0.1:4000/ledger/alerts', send_resolved: true }],
    });
    expect(receiver(config, 'oncall')).toEqual({
      name: 'oncall',
      webhook_configs: [{ url: 'https://pager.example/hook', send_resolved: true }],
    });
  });

  it("sends the ledger its bearer token through the receiver's http_config, and the pager none", () => {
    const config = parse(
      renderAlertmanagerConfig(policy, {
        ledgerWebhookUrl: 'http://127.0.0.1:4000/alertmanager/webhook',
        ledgerWebhookToken: 'ledger-token-0123456789',
        oncallWebhookUrl: 'https://pager.example/hook',
      }),
    );
    expect(receiver(config, 'alert-ledger')).toEqual({
      name: 'alert-ledger',
      webhook_configs: [
        {
          url: 'http://127.0.0.1:4000/alertmanager/webhook',
          send_resolved: true,
          http_config: { authorization: { type: 'Bearer', credentials: 'ledger-token-0123456789' } },
        },
      ],
    });
    expect(receiver(config, 'oncall')).toEqual({
      name: 'oncall',
      webhook_configs: [{ url: 'https://pager.example/hook', send_resolved: true }],
    });
    expect(() =>
      renderAlertmanagerConfig(policy, { ledgerWebhookUrl: 'http://127.0.0.1:1/x', ledgerWebhookToken: 'a b' }),
    ).toThrow(/ledgerWebhookToken must be a token without spaces/);
  });

  it("sends nothing to the policy's placeholder addresses when no URL is given", () => {
    const config = parse(renderAlertmanagerConfig(policy, { ledgerWebhookUrl: 'http://127.0.0.1:4000/alerts' }));
    expect(receiver(config, 'oncall')).toEqual({ name: 'oncall' });
    expect(JSON.stringify(config)).not.toMatch(/\.invalid/);
  });

  it('replaces the timings given and keeps the others, and the routes, inhibitions and comments', () => {
    const rendered = renderAlertmanagerConfig(policy, {
      groupWaitSeconds: 1,
      groupIntervalSeconds: 0.5,
      resolveTimeoutSeconds: 60,
    });
    const config = parse(rendered);
    expect(config.global.resolve_timeout).toBe('60s');
    expect(config.route).toMatchObject({
      group_wait: '1s',
      group_interval: '500ms',
      repeat_interval: parse(policy).route.repeat_interval,
    });
    expect(config.route.routes).toEqual(parse(policy).route.routes);
    expect(config.inhibit_rules).toEqual(parse(policy).inhibit_rules);
    expect(rendered).toMatch(/# Every alert, whatever else happens to it, is written to the platform's alert ledger/);
  });

  it('takes a group wait of 0, which notifies a new group at once, and no other timing of 0', () => {
    expect(parse(renderAlertmanagerConfig(policy, { groupWaitSeconds: 0 })).route.group_wait).toBe('0s');
    expect(() => renderAlertmanagerConfig(policy, { groupIntervalSeconds: 0 })).toThrow(/groupIntervalSeconds/);
  });

  it('refuses a URL that is not http(s) and a policy without the receivers, naming them', () => {
    expect(() => renderAlertmanagerConfig(policy, { oncallWebhookUrl: 'pager.example/hook' })).toThrow(
      /oncallWebhookUrl must be an http\(s\) URL/,
    );
    expect(() => renderAlertmanagerConfig('route:\n  receiver: x\nreceivers:\n  - name: x\n')).toThrow(MonitoringError);
    expect(() => renderAlertmanagerConfig('route:\n  receiver: x\nreceivers:\n  - name: x\n')).toThrow(
      /no receiver named "alert-ledger"/,
    );
    expect(() => renderAlertmanagerConfig('route: [')).toThrow(/not valid YAML/);
  });
});
