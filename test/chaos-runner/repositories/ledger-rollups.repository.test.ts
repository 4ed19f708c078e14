import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { Sev } from '@scale/chaos';
import type { MetricSample } from '@scale/telemetry';
import type { AlertOccurrence } from '../../../apps/chaos-runner/src/ledger/alert-occurrence';
import type { ExplanationWindow } from '../../../apps/chaos-runner/src/ledger/explanation-windows';
import {
  ledgerMetricFamilies,
  type LedgerMetricFamilies,
} from '../../../apps/chaos-runner/src/ledger/ledger-metric-families';
import { LedgerRepository } from '../../../apps/chaos-runner/src/ledger/ledger.repository';
import { backfillLedgerRollups } from '../../../apps/chaos-runner/src/ledger/rollups/rollup-backfill';
import { explanationScopes } from '../../../apps/chaos-runner/src/ledger/rollups/explained-alerts';
import { RollupsRepository } from '../../../apps/chaos-runner/src/ledger/rollups/rollups.repository';
import { SettledExplanations } from '../../../apps/chaos-runner/src/ledger/rollups/settled-explanations';
import { freshRunnerDatabase } from '../../support/repository-databases';

const MINUTE = 60_000;
const DAY = 86_400_000;
// Wednesday: the generated ledger spans the three weeks before it and crosses two Monday midnights.
const NOW = new Date('2026-02-04T10:17:23.456Z');
const ONCALL_SECONDS = 10 * 86_400;

const SERVICES = [
  { service: 'scale-api', group: 'experiment' },
  { service: 'scale-api', group: 'control' },
  { service: 'scale-extractor', group: 'experiment' },
  { service: null, group: null },
];
const ALERTS: Array<{ alertname: string; severity: string; sev: Sev }> = [
  { alertname: 'TargetDown', severity: 'high', sev: 'SEV2' },
  { alertname: 'ZoneOutage', severity: 'critical', sev: 'SEV1' },
  { alertname: 'HighCpu', severity: 'warning', sev: 'SEV3' },
  { alertname: 'Watchdog', severity: 'info', sev: 'SEV4' },
];

/** A seeded generator (mulberry32), so a failure shows again with the same ledger. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Occurrences over the 21 days before NOW: bursts that overlap (incidents of several alerts), short
 * ones (noise candidates), some lasting days across a week boundary, some of the last day's still firing.
 */
function generatedLedger(count: number, seed: number): AlertOccurrence[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const duration = () => {
    const kind = next();
    if (kind < 0.5) return 30_000 + next() * 5 * MINUTE;
    return kind < 0.95 ? next() * 3 * 3_600_000 : next() * 3 * DAY;
  };
  return Array.from({ length: count }, (_, i) => {
    const where = pick(SERVICES);
    const what = pick(ALERTS);
    const startsAt = new Date(Math.round(NOW.getTime() - 21 * DAY + next() * 21 * DAY - MINUTE));
    // Only recent ones still fire: an old one would merge everything after it into one incident.
    const firing = startsAt.getTime() > NOW.getTime() - DAY && next() < 0.3;
    const endsAt = firing ? null : new Date(startsAt.getTime() + Math.round(duration()));
    return {
      fingerprint: `fp${i % 97}-${where.service}-${where.group}-${what.alertname}`,
      alertname: what.alertname,
      service: where.service,
      group: where.group,
      zone: 'a',
      instance: null,
      severity: what.severity,
      sev: what.sev,
      startsAt,
      endsAt: endsAt !== null && endsAt > NOW ? null : endsAt,
      status: endsAt !== null && endsAt <= NOW ? 'resolved' : 'firing',
      labels: { alertname: what.alertname },
      annotations: {},
      generatorUrl: null,
    };
  });
}

/** Samples in one order, values rounded past float noise (sums of seconds are summed in another order). */
function normalized(families: LedgerMetricFamilies): Record<string, string[] | null> {
  const list = (samples: readonly MetricSample[] | null) =>
    samples === null
      ? null
      : samples
          .map((s) => `${s.metricName ?? ''}${JSON.stringify(Object.entries(s.labels).sort())} ${s.value.toFixed(6)}`)
          .sort();
  return Object.fromEntries(Object.entries(families).map(([name, samples]) => [name, list(samples)]));
}

describe('the ledger roll-ups', () => {
  let dataSource: DataSource;
  let ledger: LedgerRepository;
  let rollups: RollupsRepository;
  const windows: ExplanationWindow[] = [
    // A window across a Monday midnight for the experiment group, one for every group spanning hours.
    { from: new Date('2026-01-25T23:40:00Z'), to: new Date('2026-01-26T02:10:30Z'), group: 'experiment' },
    { from: new Date('2026-01-26T01:00:00Z'), to: new Date('2026-01-26T01:20:00Z') },
    { from: new Date('2026-01-30T09:59:59.500Z'), to: new Date('2026-01-30T10:03:00Z'), group: 'control' },
    { from: new Date('2026-02-02T06:00:00Z'), to: new Date('2026-02-03T18:30:00Z') },
    // Two windows a minute apart: an alert from one into the next is explained once.
    { from: new Date('2026-01-28T08:00:00Z'), to: new Date('2026-01-28T08:04:00Z'), group: 'control' },
    { from: new Date('2026-01-28T08:05:00Z'), to: new Date('2026-01-28T08:09:00Z'), group: 'control' },
  ];
  /** Short control alerts at the windows' edges, [start, end] as ISO times. */
  const edges = [
    ['2026-01-28T08:03:30Z', '2026-01-28T08:05:30Z'],
    ['2026-01-28T07:58:00Z', '2026-01-28T08:00:00Z'],
    ['2026-01-28T07:57:00Z', '2026-01-28T07:59:59.999Z'],
    ['2026-01-28T08:09:00Z', '2026-01-28T08:10:00Z'],
    ['2026-02-02T06:00:00Z', '2026-02-02T06:01:00Z'],
    ['2026-02-03T18:30:00Z', '2026-02-03T18:31:00Z'],
  ].map(([from, to], i) => ({
    ...generatedLedger(1, i)[0],
    fingerprint: `edge${i}`,
    service: 'scale-api',
    group: 'control',
    startsAt: new Date(from),
    endsAt: new Date(to),
    status: 'resolved' as const,
  }));
  const options = (noiseSeconds: number, known: readonly ExplanationWindow[] | null) => ({
    now: NOW,
    noiseSeconds,
    windows: known,
    oncallWindowSeconds: ONCALL_SECONDS,
  });
  /** What the metrics read from the roll-ups, and what the same metrics are from every occurrence. */
  const both = async (noiseSeconds: number, known: readonly ExplanationWindow[] | null) => {
    const fromRollups = await rollups.families({
      now: NOW,
      noiseSeconds,
      oncallWindowSeconds: ONCALL_SECONDS,
      windows: async () => (known === null ? Promise.reject(new Error('no windows')) : [...known]),
    });
    const fromLedger = ledgerMetricFamilies(await ledger.allSpans(), options(noiseSeconds, known));
    return { fromRollups: normalized(fromRollups), fromLedger: normalized(fromLedger) };
  };

  beforeAll(async () => {
    dataSource = await freshRunnerDatabase();
    ledger = new LedgerRepository(dataSource);
    rollups = new RollupsRepository(dataSource);
    const occurrences = [...generatedLedger(600, 15), ...edges];
    // As Alertmanager tells it: everything firing first, in concurrent notifications of a few alerts,
    // each sent twice; then the resolutions, resent too and some out of order; one in five resolved
    // ones is first heard of resolved (the ledger was down while it fired).
    const batches = <T>(list: readonly T[], size: number) =>
      Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));
    const heardFiring = occurrences.filter((o, i) => o.status === 'firing' || i % 5 !== 0);
    for (const group of batches(batches(heardFiring, 7), 6)) {
      await Promise.all(
        group.flatMap((batch) => {
          const firing = batch.map((o) => ({ ...o, endsAt: null, status: 'firing' as const }));
          return [ledger.record(firing), ledger.record(firing)];
        }),
      );
    }
    const resolved = occurrences.filter((o) => o.status === 'resolved').reverse();
    for (const group of batches(batches(resolved, 5), 6)) {
      await Promise.all(group.flatMap((batch) => [ledger.record(batch), ledger.record([...batch].reverse())]));
    }
  });
  afterAll(() => dataSource?.destroy());

  it('agree with the metrics computed from every occurrence, with and without explanation windows', async () => {
    const [{ spans }] = (await dataSource.query(
      `select count(*)::int spans, count(*) filter (where ends_at is null)::int firing from alerts`,
    )) as Array<{ spans: number }>;
    expect(spans).toBe(600 + edges.length);
    for (const known of [[], windows]) {
      const { fromRollups, fromLedger } = await both(300, known);
      expect(fromRollups).toEqual(fromLedger);
    }
    // The generated ledger exercises what it must: noise, some of it explained, and MTTR and MTBF.
    const { fromLedger } = await both(300, windows);
    expect(fromLedger.noisyTotal!.some((s) => !s.endsWith(' 0.000000'))).toBe(true);
    expect(fromLedger.noisyTotal).not.toEqual((await both(300, [])).fromLedger.noisyTotal);
    expect(fromLedger.mtbf!.length).toBeGreaterThan(2);
    expect(fromLedger.alertsFiring!.some((s) => !s.endsWith(' 0.000000'))).toBe(true);
  });

  it('count what the settled past explains once, and again after a late write into it', async () => {
    // Every window ended more than two hours before NOW: all of them are the settled past.
    let alertReads = 0;
    const counting = new Proxy(dataSource.manager, {
      get: (target, name, receiver) =>
        name === 'query'
          ? (sql: string, parameters?: unknown[]) => {
              if (/\bfrom alerts\b/.test(sql)) alertReads++;
              return target.query(sql, parameters);
            }
          : Reflect.get(target, name, receiver),
    });
    const settled = new SettledExplanations();
    const scopes = explanationScopes(windows);
    const first = await settled.count(counting, scopes, 300, NOW);
    expect(alertReads).toBeGreaterThan(0);
    alertReads = 0;
    expect(await settled.count(counting, scopes, 300, NOW)).toEqual(first);
    expect(alertReads).toBe(0);

    expect((await both(300, windows)).fromRollups).toEqual((await both(300, windows)).fromLedger);
    // Delivered long after it happened: a short control alert inside the control group's window.
    const late = {
      ...edges[0],
      fingerprint: 'late',
      startsAt: new Date('2026-01-30T10:00:00Z'),
      endsAt: new Date('2026-01-30T10:01:00Z'),
    };
    await ledger.record([late]);
    const { fromRollups, fromLedger } = await both(300, windows);
    expect(fromRollups).toEqual(fromLedger);
    expect(await settled.count(counting, scopes, 300, NOW)).not.toEqual(first);
  });

  it('leave the noise unknown when the windows cannot be read', async () => {
    const { fromRollups } = await both(300, null);
    expect(fromRollups.noisyTotal).toBeNull();
    expect(fromRollups.alertsTotal!.length).toBeGreaterThan(0);
  });

  it('count short alerts again for another noise time, once', async () => {
    expect((await both(60, windows)).fromRollups.noisyTotal).toBeNull();
    expect(await rollups.recountNoise(60)).toBe(true);
    expect(await rollups.recountNoise(60)).toBe(false);
    const { fromRollups, fromLedger } = await both(60, windows);
    expect(fromRollups).toEqual(fromLedger);
    await rollups.recountNoise(300);
  });

  it('are rebuilt by the back-fill from the rows alone, as the migration builds them', async () => {
    const tables = ['alert_tallies', 'resolution_tallies', 'short_alert_hours', 'incidents', 'incident_tallies'];
    for (const table of [...tables, 'incident_hours', 'noise_state']) {
      await dataSource.query(`delete from ledger_${table}`);
    }
    await backfillLedgerRollups(dataSource, 300);
    const { fromRollups, fromLedger } = await both(300, windows);
    expect(fromRollups).toEqual(fromLedger);
  });
});
