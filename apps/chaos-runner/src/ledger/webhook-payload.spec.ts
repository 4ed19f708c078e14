import { describe, expect, it } from 'vitest';
import { parseWebhookPayload, WebhookPayloadError } from './webhook-payload';

/** A notification as Alertmanager 0.25 posts it, with TargetDown firing. */
function notification(overrides: Record<string, unknown> = {}, alert: Record<string, unknown> = {}) {
  return {
    receiver: 'alert-ledger',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'TargetDown',
          group: 'experiment',
          instance: '127.0.0.1:4001',
          job: 'scale-api',
          service: 'scale-api',
          sev: 'SEV2',
          severity: 'high',
          zone: 'a',
        },
        annotations: { summary: 'scale-api 127.0.0.1:4001 is down' },
        startsAt: '2026-01-05T10:00:00.123456789Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://127.0.0.1:9090/graph?g0.expr=up+%3D%3D+0',
        fingerprint: '4e6b5c1a7f2d9e30',
        ...alert,
      },
    ],
    groupLabels: { alertname: 'TargetDown', group: 'experiment', service: 'scale-api' },
    commonLabels: { alertname: 'TargetDown' },
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    version: '4',
    groupKey: '{}/{}:{alertname="TargetDown", group="experiment", service="scale-api"}',
    truncatedAlerts: 0,
    ...overrides,
  };
}

function issuesOf(input: unknown): string[] {
  try {
    parseWebhookPayload(input);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error.issues.map((issue) => `${issue.field} ${issue.message}`);
    throw error;
  }
  return [];
}

describe('parseWebhookPayload', () => {
  it('reads a notification as Alertmanager sends it', () => {
    const payload = parseWebhookPayload(notification());
    expect(payload.alerts).toHaveLength(1);
    expect(payload.alerts[0].labels.alertname).toBe('TargetDown');
    expect(payload.alerts[0].endsAt).toBe('0001-01-01T00:00:00Z');
  });

  it('lets fields it does not know through, so a newer Alertmanager is understood', () => {
    expect(() =>
      parseWebhookPayload(notification({ someFutureField: { x: 1 } }, { anotherNewField: true })),
    ).not.toThrow();
  });

  it('names the field at fault', () => {
    expect(issuesOf(notification({}, { startsAt: 'yesterday' }))).toEqual([
      'alerts[0].startsAt must be an RFC 3339 time',
    ]);
    expect(issuesOf(notification({}, { fingerprint: undefined }))).toEqual(['alerts[0].fingerprint is required']);
    expect(issuesOf(notification({}, { status: 'pending' }))).toEqual([
      'alerts[0].status must be one of "firing", "resolved"',
    ]);
    expect(issuesOf(notification({}, { labels: { service: 'scale-api' } }))).toEqual([
      'alerts[0].labels.alertname is required',
    ]);
    expect(issuesOf(notification({}, { labels: { alertname: 'X', value: 3 } }))).toEqual([
      'alerts[0].labels.value must be a string',
    ]);
    expect(issuesOf(notification({ version: '3' }))).toEqual([
      'version must be "4" (the webhook format this ledger reads)',
    ]);
    expect(issuesOf(notification({ alerts: 'none' }))).toEqual(['alerts must be an array']);
    expect(issuesOf('not json')).toEqual(['(body) must be an object']);
  });

  it('refuses a resolved alert without a real end, or ending before it started', () => {
    expect(issuesOf(notification({}, { status: 'resolved' }))).toEqual([
      'alerts[0].endsAt must be set when status is resolved',
    ]);
    expect(issuesOf(notification({}, { status: 'resolved', endsAt: '2026-01-05T09:59:59Z' }))).toEqual([
      'alerts[0].endsAt must not be before startsAt',
    ]);
    expect(issuesOf(notification({}, { status: 'resolved', endsAt: '2026-01-05T10:05:00+01:00' }))).toEqual([
      'alerts[0].endsAt must not be before startsAt',
    ]);
    expect(issuesOf(notification({}, { status: 'resolved', endsAt: '2026-01-05T10:05:00Z' }))).toEqual([]);
  });
});
