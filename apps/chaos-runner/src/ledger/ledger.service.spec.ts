import { UnprocessableEntityException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { occurrenceKey, type AlertOccurrence } from './alert-occurrence';
import { EXPLANATION_WINDOWS, type ExplanationWindow, type ExplanationWindows } from './explanation-windows';
import type { AlertSpan, LedgerAlert } from './ledger-alert';
import { LEDGER_SETTINGS, type LedgerSettings } from './ledger-options';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { span, WEEK_2, WEEK_3 } from './statistics/test-spans';
import { transitionOf } from './transition';
import { parseWebhookPayload } from './webhook-payload';
import { fake } from '../../../../test/support/fakes';

const labels = { alertname: 'TargetDown', service: 'scale-api', group: 'experiment', severity: 'critical' };
const firing = (fingerprint = 'f1') => ({ status: 'firing', labels, startsAt: '2026-01-05T10:00:00Z', fingerprint });
const resolved = (fingerprint = 'f1') => ({
  ...firing(fingerprint),
  status: 'resolved',
  endsAt: '2026-01-05T10:03:00Z',
});
const notification = (...alerts: object[]) =>
  parseWebhookPayload({ version: '4', groupKey: 'k', status: 'firing', receiver: 'alert-ledger', alerts });

/** A ledger in memory: each occurrence, by fingerprint and start, does what `transitionOf` says. */
async function setup(held: { alerts?: LedgerAlert[]; spans?: AlertSpan[]; windows?: ExplanationWindow[] } = {}) {
  const rows = new Map<string, AlertOccurrence>();
  const repository = fake<LedgerRepository>({
    record: vi.fn(async (occurrences: readonly AlertOccurrence[]) =>
      occurrences.map((occurrence) => {
        const key = occurrenceKey(occurrence);
        const transition = transitionOf(rows.get(key) ?? null, occurrence.status);
        if (transition !== 'unchanged' && transition !== 'stale') rows.set(key, occurrence);
        return transition;
      }),
    ),
    list: vi.fn(async () => held.alerts ?? []),
    spansWithin: vi.fn(async () => held.spans ?? []),
  });
  const explanations = fake<ExplanationWindows>({ windows: vi.fn(async () => held.windows ?? []) });
  const settings = fake<LedgerSettings>({ noiseSeconds: 300, oncallWindowDays: 28 });
  const module = await Test.createTestingModule({
    providers: [
      LedgerService,
      { provide: LedgerRepository, useValue: repository },
      { provide: EXPLANATION_WINDOWS, useValue: explanations },
      { provide: LEDGER_SETTINGS, useValue: settings },
    ],
  }).compile();
  const service = module.get(LedgerService);
  return { service, repository, explanations };
}

const receipt = (created: number, resolved: number, unchanged: number, stale: number, received = 1) => ({
  received,
  created,
  resolved,
  unchanged,
  stale,
});

describe('LedgerService.receive', () => {
  it('records a redelivered notification once, then its resolution once', async () => {
    const { service } = await setup();
    expect(await service.receive(notification(firing()))).toEqual(receipt(1, 0, 0, 0));
    expect(await service.receive(notification(firing()))).toEqual(receipt(0, 0, 1, 0));
    expect(await service.receive(notification(resolved()))).toEqual(receipt(0, 1, 0, 0));
    expect(await service.receive(notification(resolved()))).toEqual(receipt(0, 0, 1, 0));
  });

  it('counts a late firing of an occurrence already resolved as stale, never reopening it', async () => {
    const { service } = await setup();
    await service.receive(notification(resolved()));
    expect(await service.receive(notification(firing()))).toEqual(receipt(0, 0, 0, 1));
  });

  it('hands the repository one occurrence per alert, the resolution winning within one notification', async () => {
    const { service, repository } = await setup();
    const answer = await service.receive(notification(firing('f1'), resolved('f1'), firing('f2')));
    expect(answer).toEqual(receipt(2, 0, 0, 0, 3));
    const [occurrences] = vi.mocked(repository.record).mock.calls[0];
    expect(occurrences.map(({ fingerprint, status, sev }) => ({ fingerprint, status, sev }))).toEqual([
      { fingerprint: 'f1', status: 'resolved', sev: 'SEV1' },
      { fingerprint: 'f2', status: 'firing', sev: 'SEV1' },
    ]);
  });
});

describe('LedgerService.list', () => {
  const alert = (id: string, endMinute: number | null): LedgerAlert => ({
    ...span('TargetDown', 0, endMinute),
    id,
    fingerprint: id,
    zone: null,
    instance: null,
    labels: {},
    annotations: {},
    generatorUrl: null,
    firstSeenAt: WEEK_2,
    resolvedSeenAt: null,
  });

  it('passes the filters on, the time as a date, and answers each alert with its state and duration', async () => {
    const { service, repository } = await setup({ alerts: [alert('a1', 2), alert('a2', null)] });
    const { items } = await service.list({ group: 'experiment', since: '2026-01-05T00:00:00Z', limit: 10 });
    expect(repository.list).toHaveBeenCalledWith({ group: 'experiment', since: WEEK_2, limit: 10 });
    expect(items).toMatchObject([
      { id: 'a1', status: 'resolved', durationSeconds: 120, endsAt: '2026-01-05T00:02:00.000Z' },
      { id: 'a2', status: 'firing', durationSeconds: null, endsAt: null },
    ]);
  });
});

describe('LedgerService.weekly', () => {
  const week = { from: WEEK_2.toISOString(), to: WEEK_3.toISOString() };
  const flap = span('Flap', 0, 2);
  const slow = span('Slow', 10, 30);

  it("counts a short alert that resolved by itself as noise, with the ledger's noise time", async () => {
    const { service, repository, explanations } = await setup({ spans: [flap, slow] });
    const statistics = await service.weekly(week);
    expect(statistics).toMatchObject({ noiseSeconds: 300, weeks: [{ week: '2026-W02', alerts: 2, noisy: 1 }] });
    expect(repository.spansWithin).toHaveBeenCalledWith(WEEK_2, WEEK_3);
    expect(explanations.windows).toHaveBeenCalledWith(WEEK_2, WEEK_3);
  });

  it("takes the noise time of the query over the ledger's", async () => {
    const { service } = await setup({ spans: [flap, slow] });
    expect(await service.weekly({ ...week, noiseSeconds: 1800 })).toMatchObject({ weeks: [{ noisy: 2 }] });
  });

  it('does not count as noise an alert an experiment window explains', async () => {
    const windows = [{ from: flap.startsAt, to: flap.startsAt, group: 'experiment' }];
    const { service } = await setup({ spans: [flap, slow], windows });
    expect(await service.weekly(week)).toMatchObject({ weeks: [{ noisy: 0 }] });
  });

  it('refuses a range that ends before it starts with a 422 naming the field', async () => {
    const { service, repository } = await setup();
    const refusal = service.weekly({ from: week.to, to: week.from });
    await expect(refusal).rejects.toThrow(UnprocessableEntityException);
    await expect(refusal).rejects.toMatchObject({ response: { message: ['from must be before to'] } });
    expect(repository.spansWithin).not.toHaveBeenCalled();
  });
});

describe('LedgerService.firings', () => {
  it('reads the alerts firing up to `to` included, a missing service or group as empty', async () => {
    const { service, repository } = await setup({
      spans: [span('TargetDown', 0, null, { service: null, group: null })],
    });
    expect(await service.firings(WEEK_2, WEEK_3)).toEqual([
      { alertname: 'TargetDown', service: '', group: '', startsAt: WEEK_2, endsAt: null },
    ]);
    expect(repository.spansWithin).toHaveBeenCalledWith(WEEK_2, new Date(WEEK_3.getTime() + 1));
  });
});
