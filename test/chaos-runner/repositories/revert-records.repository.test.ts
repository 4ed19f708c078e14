import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ACTIVE_STATUSES, type ExperimentStatus } from '../../../apps/chaos-runner/src/experiments/experiment-views';
import { RevertRecordRow } from '../../../apps/chaos-runner/src/experiments/persistence';
import { RevertRecordsRepository } from '../../../apps/chaos-runner/src/experiments/revert-records.repository';
import { freshRunnerDatabase } from '../../support/repository-databases';

const at = (minute: number) => new Date(Date.UTC(2025, 4, 1, 9, minute));
const RUNNING = '00000000-0000-4000-8000-000000000001';
const COMPLETED = '00000000-0000-4000-8000-000000000002';
const FAILED = '00000000-0000-4000-8000-000000000003';
const UNKNOWN = '00000000-0000-4000-8000-000000000099';

/** Experiments to hang records on; only their status matters to the queries under test. */
async function insertExperiment(dataSource: DataSource, id: string, group: string, status: ExperimentStatus) {
  await dataSource.query(
    `insert into experiments (id, title, target_group, status, fault_kind, dry_run, document, created_by)
     values ($1, $2, $3, $4, 'pod-kill', false, '{}', 'alice')`,
    [id, `${status} experiment`, group, status],
  );
}

describe('RevertRecordsRepository', () => {
  let dataSource: DataSource;
  let records: RevertRecordsRepository;
  const stored = async (id: string) => dataSource.getRepository(RevertRecordRow).findOneByOrFail({ id });
  /** Opens a record and dates it `minute`, so that the oldest-first orders are known. */
  const openAt = async (minute: number, experimentId: string, replicaId: string) => {
    const row = await records.open(experimentId, 'pod-kill', { replicaId });
    await dataSource.query(`update revert_records set created_at = $2 where id = $1`, [row.id, at(minute)]);
    return row.id;
  };
  const replicas = (rows: RevertRecordRow[]) => rows.map((row) => row.target.replicaId);

  beforeAll(async () => {
    dataSource = await freshRunnerDatabase();
    records = new RevertRecordsRepository(dataSource);
    await insertExperiment(dataSource, RUNNING, 'control', 'running');
    await insertExperiment(dataSource, COMPLETED, 'experiment', 'completed');
    await insertExperiment(dataSource, FAILED, 'experiment', 'failed');
  });
  afterAll(() => dataSource?.destroy());

  it('has nothing open and closes nothing before any record is opened', async () => {
    expect(await records.stillOpen()).toEqual([]);
    expect(await records.orphaned(ACTIVE_STATUSES)).toEqual([]);
    expect(await records.closed(UNKNOWN)).toBe(false);
  });

  it('opens a record with no attempt yet, as it returns it', async () => {
    const opened = await records.open(RUNNING, 'zone-outage', { group: 'control', zone: 'a' });
    expect(opened).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      experimentId: RUNNING,
      faultKind: 'zone-outage',
      target: { group: 'control', zone: 'a' },
      createdAt: expect.any(Date),
      revertedAt: null,
      attempts: 0,
      lastError: null,
    });
    expect(await stored(opened.id)).toEqual(opened);
    expect(await records.closed(opened.id)).toBe(true);
  });

  it('replaces the target as a whole', async () => {
    const id = await openAt(0, RUNNING, 'api-0');
    await records.updateTarget(id, { replicaId: 'api-0', hogId: 'hog-7' });
    expect((await stored(id)).target).toEqual({ replicaId: 'api-0', hogId: 'hog-7' });
    await records.updateTarget(id, { zone: 'b' });
    expect((await stored(id)).target).toEqual({ zone: 'b' });
    await records.closed(id);
  });

  it('counts each failed attempt and keeps the last error, leaving the record open', async () => {
    const id = await openAt(1, RUNNING, 'api-1');
    await records.failed(id, 'cluster unreachable');
    await records.failed(id, 'replica not found');
    expect(await stored(id)).toMatchObject({ attempts: 2, lastError: 'replica not found', revertedAt: null });
  });

  it('closes a record once, clearing its error; closing it again changes nothing', async () => {
    const id = await openAt(2, COMPLETED, 'api-2');
    await records.failed(id, 'timeout');
    expect(await records.closed(id)).toBe(true);
    const closed = await stored(id);
    expect(closed).toMatchObject({ attempts: 2, lastError: null, revertedAt: expect.any(Date) });
    expect(await records.closed(id)).toBe(false);
    expect(await stored(id)).toEqual(closed);
  });

  it('keeps a closed record closed when a late attempt fails', async () => {
    const id = await openAt(3, FAILED, 'api-3');
    await records.closed(id);
    await records.failed(id, 'late failure');
    expect((await stored(id)).revertedAt).toBeInstanceOf(Date);
    expect(await records.closed(id)).toBe(false);
  });

  describe('with open records of running, completed and failed experiments', () => {
    beforeAll(async () => {
      // Opened out of date order: api-6 is the oldest of all, older even than api-1 (above).
      await openAt(30, COMPLETED, 'api-4');
      await openAt(20, RUNNING, 'api-5');
      await openAt(-10, FAILED, 'api-6');
      await openAt(40, FAILED, 'api-7');
    });

    it('lists every record not reverted, the oldest first', async () => {
      expect(replicas(await records.stillOpen())).toEqual(['api-6', 'api-1', 'api-5', 'api-4', 'api-7']);
    });

    it('lists as orphaned the open records of experiments no longer under way, the oldest first', async () => {
      expect(replicas(await records.orphaned(ACTIVE_STATUSES))).toEqual(['api-6', 'api-4', 'api-7']);
    });

    it('takes "under way" to mean the statuses it is given', async () => {
      expect(replicas(await records.orphaned(['failed']))).toEqual(['api-1', 'api-5', 'api-4']);
      expect(replicas(await records.orphaned(['running', 'completed', 'failed']))).toEqual([]);
    });
  });
});
