import { describe, expect, it } from 'vitest';
import { occurrencesOf, sevOfLabels } from './alert-occurrence';
import { parseWebhookPayload } from './webhook-payload';

const labels = {
  alertname: 'ZoneOutage',
  service: 'scale-api',
  group: 'experiment',
  zone: 'a',
  severity: 'critical',
  sev: 'SEV1',
};

function payload(alerts: Array<Record<string, unknown>>) {
  return parseWebhookPayload({ version: '4', groupKey: 'k', status: 'firing', receiver: 'alert-ledger', alerts });
}

describe('occurrencesOf', () => {
  it('turns each alert into a row keyed by fingerprint and start, with its labels in columns', () => {
    const [occurrence] = occurrencesOf(
      payload([
        {
          status: 'firing',
          labels,
          annotations: { summary: 's' },
          startsAt: '2026-01-05T10:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'f1',
          generatorURL: 'http://p',
        },
      ]),
    );
    expect(occurrence).toEqual({
      fingerprint: 'f1',
      startsAt: new Date('2026-01-05T10:00:00Z'),
      endsAt: null,
      status: 'firing',
      alertname: 'ZoneOutage',
      service: 'scale-api',
      group: 'experiment',
      zone: 'a',
      instance: null,
      severity: 'critical',
      sev: 'SEV1',
      labels,
      annotations: { summary: 's' },
      generatorUrl: 'http://p',
    });
  });

  it("takes a firing alert's end as unknown even when Alertmanager sends an expected end", () => {
    const [occurrence] = occurrencesOf(
      payload([
        {
          status: 'firing',
          labels,
          startsAt: '2026-01-05T10:00:00Z',
          endsAt: '2026-01-05T10:04:00Z',
          fingerprint: 'f1',
        },
      ]),
    );
    expect(occurrence.endsAt).toBeNull();
  });

  it('keeps the resolution when one notification holds the same occurrence firing and resolved', () => {
    const firing = { status: 'firing', labels, startsAt: '2026-01-05T10:00:00Z', fingerprint: 'f1' };
    const resolved = { ...firing, status: 'resolved', endsAt: '2026-01-05T10:02:00Z' };
    for (const alerts of [
      [firing, resolved],
      [resolved, firing],
    ]) {
      const occurrences = occurrencesOf(payload(alerts));
      expect(occurrences).toHaveLength(1);
      expect(occurrences[0].status).toBe('resolved');
      expect(occurrences[0].endsAt).toEqual(new Date('2026-01-05T10:02:00Z'));
    }
  });

  it('keeps two starts of one alert apart: each firing is its own occurrence', () => {
    const occurrences = occurrencesOf(
      payload([
        {
          status: 'resolved',
          labels,
          startsAt: '2026-01-05T10:00:00Z',
          endsAt: '2026-01-05T10:01:00Z',
          fingerprint: 'f1',
        },
        { status: 'firing', labels, startsAt: '2026-01-05T10:05:00Z', fingerprint: 'f1' },
      ]),
    );
    expect(occurrences.map((o) => [o.status, o.startsAt.toISOString()])).toEqual([
      ['resolved', '2026-01-05T10:00:00.000Z'],
      ['firing', '2026-01-05T10:05:00.000Z'],
    ]);
  });
});

describe('sevOfLabels', () => {
  it('maps severity to its SEV level, whatever the sev label says', () => {
    expect(sevOfLabels({ severity: 'critical' })).toBe('SEV1');
    expect(sevOfLabels({ severity: 'high', sev: 'SEV4' })).toBe('SEV2');
    expect(sevOfLabels({ severity: 'warning' })).toBe('SEV3');
    expect(sevOfLabels({ severity: 'info' })).toBe('SEV4');
  });

  it('falls back on a valid sev label, then on SEV4', () => {
    expect(sevOfLabels({ severity: 'page', sev: 'SEV2' })).toBe('SEV2');
    expect(sevOfLabels({ sev: 'SEV9' })).toBe('SEV4');
    expect(sevOfLabels({})).toBe('SEV4');
    // Inherited names are not severities.
    expect(sevOfLabels({ severity: 'constructor' })).toBe('SEV4');
  });
});
