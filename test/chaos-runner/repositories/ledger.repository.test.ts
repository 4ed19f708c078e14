import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { Sev } from '@scale/chaos';
import type { AlertOccurrence } from '../../../apps/chaos-runner/src/ledger/alert-occurrence';
import { LedgerRepository } from '../../../apps/chaos-runner/src/ledger/ledger.repository';
import { freshRunnerDatabase } from '../../support/repository-databases';

const T0 = Date.parse('2025-03-01T12:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);
const minuteOf = (date: Date) => (date.getTime() - T0) / 60_000;

type Alert = Pick<AlertOccurrence, 'alertname' | 'service' | 'group' | 'sev'> & { severity: string };
const alert = (alertname: string, service: string | null, group: string | null, severity: string, sev: Sev): Alert => ({
  alertname,
  service,
  group,
  severity,
  sev,
});
const LATENCY_API = alert('HighLatency', 'scale-api', 'experiment', 'high', 'SEV2');
const DOWN_EXTRACTOR = alert('TargetDown', 'scale-extractor', 'control', 'critical', 'SEV1');
const LATENCY_EXTRACTOR = alert('HighLatency', 'scale-extractor', 'control', 'high', 'SEV2');
const BUDGET = alert('ErrorBudgetBurn', null, null, 'odd', 'SEV4');

/** An occurrence starting at minute `start` of T0; resolved at minute `end` unless that is null. */
function occurrence(fingerprint: string, what: Alert, start: number, end: number | null): AlertOccurrence {
  const labels = { alertname: what.alertname, severity: what.severity };
  return {
    ...what,
    fingerprint,
    startsAt: at(start),
    endsAt: end === null ? null : at(end),
    status: end === null ? 'firing' : 'resolved',
    zone: 'a',
    instance: '127.0.0.1:4001',
    labels,
    annotations: { summary: `${what.alertname} fired` },
    generatorUrl: `http://prometheus/graph?fp=${fingerprint}`,
  };
}

describe('LedgerRepository', () => {
  let dataSource: DataSource;
  let ledger: LedgerRepository;
  /** `fingerprint@minute` of what `list` returns. */
  const listed = async (filter: Partial<Parameters<LedgerRepository['list']>[0]>) =>
    (await ledger.list({ limit: 100, ...filter })).map((alert) => `${alert.fingerprint}@${minuteOf(alert.startsAt)}`);
  const row = async (fingerprint: string, start: number) =>
    (
      (await dataSource.query(`select * from alerts where fingerprint = $1 and starts_at = $2`, [
        fingerprint,
        at(start),
      ])) as Array<{ ends_at: Date | null; resolved_seen_at: Date | null }>
    )[0];

  beforeAll(async () => {
    dataSource = await freshRunnerDatabase();
    ledger = new LedgerRepository(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  it('lists nothing and has no spans while the ledger is empty', async () => {
    expect(await ledger.list({ limit: 10 })).toEqual([]);
    expect(await ledger.spansWithin(at(-600), at(600))).toEqual([]);
    expect(await ledger.allSpans()).toEqual([]);
  });

  describe('reading five known occurrences', () => {
    // Recorded in one notification, they get ids in (fingerprint, start) order: fa@0 1, fa@30 2, fb@5 3, fc@5 4, fe@40 5.
    let seeded: string[];
    beforeAll(async () => {
      seeded = await ledger.record([
        occurrence('fa', LATENCY_API, 0, 10),
        occurrence('fb', DOWN_EXTRACTOR, 5, null),
        occurrence('fc', LATENCY_EXTRACTOR, 5, 20),
        occurrence('fa', LATENCY_API, 30, null),
        occurrence('fe', BUDGET, 40, 45),
      ]);
    });

    it('answers for each new occurrence in the order the notification gave them', () => {
      expect(seeded).toEqual([
        'created-resolved',
        'created-firing',
        'created-resolved',
        'created-firing',
        'created-resolved',
      ]);
    });

    it('lists the newest first, the later recorded first on a tie of start', async () => {
      expect(await listed({})).toEqual(['fe@40', 'fa@30', 'fc@5', 'fb@5', 'fa@0']);
    });

    it('maps every column of an occurrence', async () => {
      const [budget] = await ledger.list({ alertname: 'ErrorBudgetBurn', limit: 10 });
      expect(budget).toEqual({
        id: '5',
        fingerprint: 'fe',
        alertname: 'ErrorBudgetBurn',
        service: null,
        group: null,
        zone: 'a',
        instance: '127.0.0.1:4001',
        severity: 'odd',
        sev: 'SEV4',
        startsAt: at(40),
        endsAt: at(45),
        labels: { alertname: 'ErrorBudgetBurn', severity: 'odd' },
        annotations: { summary: 'ErrorBudgetBurn fired' },
        generatorUrl: 'http://prometheus/graph?fp=fe',
        firstSeenAt: expect.any(Date),
        resolvedSeenAt: expect.any(Date),
      });
    });

    it('filters by group, service and alert name, alone or together', async () => {
      expect(await listed({ group: 'control' })).toEqual(['fc@5', 'fb@5']);
      expect(await listed({ service: 'scale-api' })).toEqual(['fa@30', 'fa@0']);
      expect(await listed({ alertname: 'HighLatency' })).toEqual(['fa@30', 'fc@5', 'fa@0']);
      expect(await listed({ alertname: 'HighLatency', group: 'control' })).toEqual(['fc@5']);
    });

    it('keeps the firing ones, or the resolved ones', async () => {
      expect(await listed({ firing: true })).toEqual(['fa@30', 'fb@5']);
      expect(await listed({ firing: false })).toEqual(['fe@40', 'fc@5', 'fa@0']);
      expect(await listed({ firing: true, group: 'control' })).toEqual(['fb@5']);
    });

    it('keeps occurrences still firing or resolved at or after `since`', async () => {
      expect(await listed({ since: at(20) })).toEqual(['fe@40', 'fa@30', 'fc@5', 'fb@5']);
      expect(await listed({ since: new Date(at(20).getTime() + 1) })).toEqual(['fe@40', 'fa@30', 'fb@5']);
      expect(await listed({ since: at(50), firing: false })).toEqual([]);
    });

    it('stops at the limit and returns nothing for a filter no occurrence matches', async () => {
      expect(await listed({ limit: 2 })).toEqual(['fe@40', 'fa@30']);
      expect(await listed({ alertname: 'NoSuchAlert' })).toEqual([]);
      expect(await listed({ group: 'experiment', firing: false, service: 'scale-extractor' })).toEqual([]);
    });

    it('reads the spans firing at some moment of [from, to), by start', async () => {
      const spans = await ledger.spansWithin(at(10), at(30));
      // fa@0 ended exactly at `from` and counts; fa@30 starts exactly at `to` and does not.
      expect(spans.map((span) => minuteOf(span.startsAt))).toEqual([0, 5, 5]);
      expect(spans.map((span) => span.alertname).sort()).toEqual(['HighLatency', 'HighLatency', 'TargetDown']);
      expect(await ledger.spansWithin(new Date(at(10).getTime() + 1), at(30))).toHaveLength(2);
      expect(await ledger.spansWithin(at(-60), at(0))).toEqual([]);
    });

    it('reads each span with its labels and times', async () => {
      expect(await ledger.spansWithin(at(30), at(31))).toEqual([
        { ...DOWN_EXTRACTOR, startsAt: at(5), endsAt: null, firstSeenAt: expect.any(Date) },
        { ...LATENCY_API, startsAt: at(30), endsAt: null, firstSeenAt: expect.any(Date) },
      ]);
    });

    it('reads every span ever recorded, by start (a tie of start in no set order)', async () => {
      const spans = await ledger.allSpans();
      expect(spans.map((span) => minuteOf(span.startsAt))).toEqual([0, 5, 5, 30, 40]);
      expect(
        spans
          .map((span) => `${span.alertname}@${minuteOf(span.startsAt)}-${span.endsAt && minuteOf(span.endsAt)}`)
          .sort(),
      ).toEqual([
        'ErrorBudgetBurn@40-45',
        'HighLatency@0-10',
        'HighLatency@30-null',
        'HighLatency@5-20',
        'TargetDown@5-null',
      ]);
    });
  });

  describe('recording notifications', () => {
    it('creates a firing occurrence once however often it is delivered', async () => {
      expect(await ledger.record([occurrence('r1', LATENCY_API, 100, null)])).toEqual(['created-firing']);
      expect(await ledger.record([occurrence('r1', LATENCY_API, 100, null)])).toEqual(['unchanged']);
      expect(await row('r1', 100)).toMatchObject({ ends_at: null, resolved_seen_at: null });
    });

    it('resolves it once; a later resolution changes nothing and a late firing is stale', async () => {
      expect(await ledger.record([occurrence('r1', LATENCY_API, 100, 103)])).toEqual(['resolved']);
      expect(await row('r1', 100)).toMatchObject({ ends_at: at(103), resolved_seen_at: expect.any(Date) });
      expect(await ledger.record([occurrence('r1', LATENCY_API, 100, 104)])).toEqual(['unchanged']);
      expect(await ledger.record([occurrence('r1', LATENCY_API, 100, null)])).toEqual(['stale']);
      expect(await row('r1', 100)).toMatchObject({ ends_at: at(103) });
    });

    it('opens a new occurrence when the same alert fires again with a new start', async () => {
      expect(await ledger.record([occurrence('r1', LATENCY_API, 110, null)])).toEqual(['created-firing']);
      expect(await row('r1', 110)).toMatchObject({ ends_at: null });
    });

    it('records an occurrence whose first news is its resolution', async () => {
      expect(await ledger.record([occurrence('r2', BUDGET, 100, 101)])).toEqual(['created-resolved']);
      expect(await row('r2', 100)).toMatchObject({ ends_at: at(101), resolved_seen_at: expect.any(Date) });
    });

    it('applies the firing and the resolution of one occurrence in one notification in the order given', async () => {
      const transitions = await ledger.record([
        occurrence('r9', LATENCY_API, 100, null),
        occurrence('r3', DOWN_EXTRACTOR, 100, null),
        occurrence('r9', LATENCY_API, 100, 102),
      ]);
      expect(transitions).toEqual(['created-firing', 'created-firing', 'resolved']);
      expect(await row('r9', 100)).toMatchObject({ ends_at: at(102) });
    });

    it('writes none of a notification when one of its occurrences is refused', async () => {
      // r5 ends before it starts, which the table refuses: r4 of the same notification is rolled back.
      await expect(
        ledger.record([occurrence('r4', LATENCY_API, 100, null), occurrence('r5', LATENCY_API, 100, 99)]),
      ).rejects.toThrow(/alerts_ends_after_start/);
      expect(await row('r4', 100)).toBeUndefined();
    });
  });
});
