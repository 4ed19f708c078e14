import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { parseExperimentDocument } from '@scale/chaos';
import type { Group } from '../../../apps/chaos-runner/src/drivers/driver';
import { ExperimentConflictError } from '../../../apps/chaos-runner/src/experiments/experiment-errors';
import type { ExperimentStatus } from '../../../apps/chaos-runner/src/experiments/experiment-views';
import { ExperimentsRepository } from '../../../apps/chaos-runner/src/experiments/experiments.repository';
import type { ExperimentRow } from '../../../apps/chaos-runner/src/experiments/persistence';
import { freshRunnerDatabase } from '../../support/repository-databases';

const at = (minute: number) => new Date(Date.UTC(2025, 3, 1, 10, minute));
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DOCUMENT = parseExperimentDocument({
  title: 'API survives losing a replica',
  fault: { kind: 'pod-kill', target: { service: 'scale-api' } },
  durationSeconds: 30,
  steadyState: { probes: [{ name: 'p95', query: 'up', tolerance: { type: 'relative', maxRatio: 1.5 } }] },
});

function experiment(n: number, group: Group, status: ExperimentStatus): Omit<ExperimentRow, 'createdAt'> {
  return {
    id: uuid(n),
    title: `experiment ${n}`,
    targetGroup: group,
    status,
    faultKind: 'pod-kill',
    dryRun: false,
    document: DOCUMENT,
    targets: [`${group}-api-${n}`],
    createdBy: 'alice',
    startedAt: null,
    injectedAt: null,
    detectedAt: null,
    recoveredAt: null,
    endedAt: null,
    abortReason: null,
    verdict: null,
    samples: {},
  };
}

/** [n, group, status, created, injected, ended] in minutes after 10:00 on 2025-04-01. */
type Seed = [number, Group, ExperimentStatus, number, number | null, number | null];
const SEEDS: Seed[] = [
  [1, 'control', 'completed', 0, 1, 5],
  [2, 'experiment', 'aborted', 10, null, 11],
  [3, 'control', 'failed', 20, 21, 30],
  [4, 'experiment', 'running', 40, 41, null],
  [5, 'control', 'refused', 50, null, 50],
];

describe('ExperimentsRepository', () => {
  let dataSource: DataSource;
  let experiments: ExperimentsRepository;
  const numbers = (rows: ExperimentRow[]) => rows.map((row) => Number(row.id.slice(-12)));

  beforeAll(async () => {
    dataSource = await freshRunnerDatabase();
    experiments = new ExperimentsRepository(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  it('finds nothing while no experiment exists', async () => {
    expect(await experiments.list()).toEqual([]);
    expect(await experiments.get(uuid(1))).toBeNull();
    expect(await experiments.activeIn('control')).toBeNull();
    expect(await experiments.withStatus(['pending', 'running'])).toEqual([]);
    expect(await experiments.injectedWithin(at(0), at(60))).toEqual([]);
    expect(await experiments.journalOf(uuid(1))).toEqual([]);
  });

  describe('reading five known experiments', () => {
    beforeAll(async () => {
      for (const [n, group, status, created, injected, ended] of SEEDS) {
        await experiments.create(experiment(n, group, status));
        await dataSource.query(
          `update experiments set created_at = $2, injected_at = $3, ended_at = $4 where id = $1`,
          [uuid(n), at(created), injected === null ? null : at(injected), ended === null ? null : at(ended)],
        );
      }
    });

    it('reads an experiment back with every column, and null for an unknown id', async () => {
      expect(await experiments.get(uuid(4))).toEqual({
        ...experiment(4, 'experiment', 'running'),
        createdAt: at(40),
        injectedAt: at(41),
      });
      expect(await experiments.get(uuid(99))).toBeNull();
    });

    it('lists the newest first, up to the limit', async () => {
      expect(numbers(await experiments.list())).toEqual([5, 4, 3, 2, 1]);
      expect(numbers(await experiments.list(2))).toEqual([5, 4]);
    });

    it('lists those of the statuses asked for, the oldest first', async () => {
      expect(numbers(await experiments.withStatus(['failed', 'completed']))).toEqual([1, 3]);
      expect(numbers(await experiments.withStatus(['pending', 'verifying']))).toEqual([]);
      expect(numbers(await experiments.withStatus([]))).toEqual([]);
    });

    it('finds the one active experiment of a group, and none in a group without one', async () => {
      expect((await experiments.activeIn('experiment'))?.id).toBe(uuid(4));
      expect(await experiments.activeIn('control')).toBeNull();
    });

    it('finds experiments injected within [from, to], both ends included, by injection', async () => {
      expect(numbers(await experiments.injectedWithin(at(5), at(21)))).toEqual([1, 3]);
      expect(numbers(await experiments.injectedWithin(at(6), at(20)))).toEqual([]);
      expect(numbers(await experiments.injectedWithin(at(45), at(90)))).toEqual([4]);
      expect(numbers(await experiments.injectedWithin(at(-60), at(120)))).toEqual([1, 3, 4]);
    });
  });

  describe('writing', () => {
    it('refuses a second active experiment in a group, naming the one under way, and stores nothing', async () => {
      const second = experiments.create(experiment(6, 'experiment', 'pending'));
      await expect(second).rejects.toThrow(ExperimentConflictError);
      await expect(second).rejects.toThrow(
        `experiment ${uuid(4)} ("experiment 4", running) is still running in the experiment group: one experiment per group at a time`,
      );
      expect(await experiments.get(uuid(6))).toBeNull();
    });

    it('lets a new experiment in once the active one of its group has ended', async () => {
      await experiments.update(uuid(4), { status: 'completed', endedAt: at(59), abortReason: 'none' });
      expect(await experiments.get(uuid(4))).toMatchObject({
        status: 'completed',
        endedAt: at(59),
        abortReason: 'none',
      });
      const created = await experiments.create(experiment(6, 'experiment', 'pending'));
      expect(created).toEqual({ ...experiment(6, 'experiment', 'pending'), createdAt: expect.any(Date) });
      expect((await experiments.activeIn('experiment'))?.id).toBe(uuid(6));
    });

    it('lets both groups each hold an active experiment', async () => {
      await experiments.create(experiment(7, 'control', 'checking-steady-state'));
      expect((await experiments.activeIn('control'))?.id).toBe(uuid(7));
      expect((await experiments.activeIn('experiment'))?.id).toBe(uuid(6));
    });

    it('changes nothing when updating an unknown experiment', async () => {
      await experiments.update(uuid(99), { status: 'failed' });
      expect(await experiments.get(uuid(99))).toBeNull();
      expect(numbers(await experiments.withStatus(['failed']))).toEqual([3]);
    });

    it('journals steps in order, errors as their message and NaN as null', async () => {
      await experiments.journal(uuid(6), 'started');
      await experiments.journal(uuid(6), 'injected', { replicas: ['api-1'], error: new Error('boom'), ratio: NaN });
      await experiments.journal(uuid(7), 'started');
      const journal = await experiments.journalOf(uuid(6));
      expect(journal.map(({ step, detail }) => ({ step, detail }))).toEqual([
        { step: 'started', detail: {} },
        { step: 'injected', detail: { replicas: ['api-1'], error: 'boom', ratio: null } },
      ]);
      expect(journal.every((entry) => entry.experimentId === uuid(6) && entry.at instanceof Date)).toBe(true);
      expect(await experiments.journalOf(uuid(1))).toEqual([]);
    });

    it('refuses a journal entry for an experiment that does not exist', async () => {
      await expect(experiments.journal(uuid(99), 'started')).rejects.toThrow(/foreign key/);
    });
  });
});
