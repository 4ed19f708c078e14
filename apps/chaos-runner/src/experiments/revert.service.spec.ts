import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOGGER, type Logger } from '@scale/telemetry';
import { CLUSTER_DRIVER, ClusterDriverError, type ClusterDriver } from '../drivers/driver';
import { ACTIVE_STATUSES } from './experiment-views';
import { ExperimentsRepository } from './experiments.repository';
import type { ExperimentRow, RevertRecordRow } from './persistence';
import { RevertRecordsRepository } from './revert-records.repository';
import { RevertService } from './revert.service';
import { fake } from '../../../../test/support/fakes';

/** A frozen replica's record: reverting it sends SIGCONT to the replica. */
const frozen = (replicaId: string, experimentId = 'e1') =>
  ({ id: `r-${replicaId}`, experimentId, faultKind: 'container-freeze', target: { replicaId } }) as RevertRecordRow;

/** The cluster refuses to touch the replicas named in `refusing`; `gone` ones it no longer has (404). */
async function setup(state: {
  open?: RevertRecordRow[];
  refusing?: string[];
  gone?: string[];
  active?: ExperimentRow[];
}) {
  const records = fake<RevertRecordsRepository>({
    stillOpen: vi.fn(async () => state.open ?? []),
    orphaned: vi.fn(async () => state.open ?? []),
    closed: vi.fn(async () => true),
    failed: vi.fn(async () => undefined),
  });
  const experiments = fake<ExperimentsRepository>({
    journal: vi.fn(async () => undefined),
    update: vi.fn(async () => undefined),
    withStatus: vi.fn(async () => state.active ?? []),
  });
  const driver = fake<ClusterDriver>({
    signal: vi.fn(async (replicaId: string) => {
      if (state.refusing?.includes(replicaId)) throw new ClusterDriverError(`${replicaId} refused`, 500);
      if (state.gone?.includes(replicaId)) throw new ClusterDriverError(`no replica ${replicaId}`, 404);
    }),
  });
  const logger = fake<Logger>({ error: vi.fn(), warn: vi.fn() });
  const module = await Test.createTestingModule({
    providers: [
      RevertService,
      { provide: RevertRecordsRepository, useValue: records },
      { provide: ExperimentsRepository, useValue: experiments },
      { provide: CLUSTER_DRIVER, useValue: driver },
      { provide: LOGGER, useValue: logger },
    ],
  }).compile();
  const service = module.get(RevertService);
  return { service, records, experiments, driver, logger };
}

afterEach(() => void vi.useRealTimers());

describe('RevertService', () => {
  it('reverts a record through the cluster, closes it and journals it on its experiment', async () => {
    const { service, records, experiments, driver } = await setup({});
    expect(await service.revert(frozen('api-a'), 'alice')).toBe(true);
    expect(driver.signal).toHaveBeenCalledWith('api-a', 'SIGCONT');
    expect(records.closed).toHaveBeenCalledWith('r-api-a');
    expect(experiments.journal).toHaveBeenCalledWith('e1', 'reverted', {
      record: 'r-api-a',
      faultKind: 'container-freeze',
      target: { replicaId: 'api-a' },
      by: 'alice',
    });
  });

  it('keeps the record open, with the error, when the cluster refuses to revert it', async () => {
    const { service, records, experiments } = await setup({ refusing: ['api-a'] });
    expect(await service.revert(frozen('api-a'), 'alice')).toBe(false);
    expect(records.closed).not.toHaveBeenCalled();
    expect(records.failed).toHaveBeenCalledWith('r-api-a', 'api-a refused');
    expect(experiments.journal).toHaveBeenCalledWith(
      'e1',
      'revert-failed',
      expect.objectContaining({ record: 'r-api-a', by: 'alice', error: 'api-a refused' }),
    );
  });

  it('counts a replica the cluster no longer has as reverted: nothing is left to undo', async () => {
    const { service, records } = await setup({ gone: ['api-a'] });
    expect(await service.revert(frozen('api-a'), 'alice')).toBe(true);
    expect(records.closed).toHaveBeenCalledWith('r-api-a');
  });

  it('reverts every open record, going on past the one that fails, and counts both', async () => {
    const { service, records } = await setup({
      open: [frozen('api-a'), frozen('api-b'), frozen('api-c')],
      refusing: ['api-b'],
    });
    expect(await service.revertAllOpen('halt by alice')).toEqual({ reverted: 2, failed: 1 });
    expect(records.closed).toHaveBeenCalledTimes(2);
    expect(records.failed).toHaveBeenCalledWith('r-api-b', 'api-b refused');
  });

  it('asks for the open records of experiments no longer under way as the orphaned ones', async () => {
    const { service, records } = await setup({ open: [frozen('api-a')] });
    expect(await service.orphaned()).toEqual([frozen('api-a')]);
    expect(records.orphaned).toHaveBeenCalledWith(ACTIVE_STATUSES);
  });

  it('on start-up reverts what a crashed runner left open and ends its experiments as aborted', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const active = [
      { id: 'e1', status: 'running', abortReason: null },
      { id: 'e2', status: 'reverting', abortReason: 'aborted by bob' },
    ] as ExperimentRow[];
    const { service, records, experiments } = await setup({ open: [frozen('api-a', 'e1')], active });
    await service.onApplicationBootstrap();
    expect(experiments.journal).toHaveBeenCalledWith(
      'e1',
      'reverted',
      expect.objectContaining({ by: 'runner start-up' }),
    );
    expect(records.closed).toHaveBeenCalledWith('r-api-a');
    expect(experiments.withStatus).toHaveBeenCalledWith(ACTIVE_STATUSES);
    const reason = 'the runner stopped mid-experiment; its faults were reverted when it started again';
    const endedAt = new Date('2026-01-01T00:00:00Z');
    expect(experiments.update).toHaveBeenCalledWith('e1', { status: 'aborted', abortReason: reason, endedAt });
    expect(experiments.update).toHaveBeenCalledWith('e2', {
      status: 'aborted',
      abortReason: 'aborted by bob',
      endedAt,
    });
    expect(experiments.journal).toHaveBeenCalledWith('e2', 'aborted', { reason, previousStatus: 'reverting' });
    await service.beforeApplicationShutdown();
  });

  it('tries the orphaned records again every ten seconds once started, until it stops', async () => {
    vi.useFakeTimers();
    const state: { open?: RevertRecordRow[] } = {};
    const { service, driver } = await setup(state);
    await service.onApplicationBootstrap();
    state.open = [frozen('api-a')];
    await vi.advanceTimersByTimeAsync(9_999);
    expect(driver.signal).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(driver.signal).toHaveBeenCalledWith('api-a', 'SIGCONT');
    await service.beforeApplicationShutdown();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(driver.signal).toHaveBeenCalledTimes(1);
  });
});
