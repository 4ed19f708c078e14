import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { SuiteRunRow } from '../../../apps/chaos-runner/src/suites/persistence';
import { SuiteRunConflictError } from '../../../apps/chaos-runner/src/suites/suite-errors';
import { SuiteRunsRepository } from '../../../apps/chaos-runner/src/suites/suite-runs.repository';
import { freshRunnerDatabase } from '../../support/repository-databases';

const run = (id: string, overrides: Partial<SuiteRunRow> = {}): SuiteRunRow => ({
  id: `00000000-0000-4000-8000-00000000000${id}`,
  suite: 'default',
  dryRun: true,
  status: 'running',
  createdBy: 'alice',
  createdAt: new Date(`2026-01-05T10:0${id}:00Z`),
  endedAt: null,
  reason: null,
  steps: [{ file: '01-pod-kill.json', title: 'pod kill', status: 'waiting', experimentId: null, detail: null }],
  ...overrides,
});

describe('SuiteRunsRepository', () => {
  let dataSource: DataSource;
  let runs: SuiteRunsRepository;

  beforeAll(async () => {
    dataSource = await freshRunnerDatabase();
    runs = new SuiteRunsRepository(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  it('has no run, running or not, before any', async () => {
    expect(await runs.running()).toBeNull();
    expect(await runs.list(20)).toEqual([]);
    expect(await runs.get(run('1').id)).toBeNull();
  });

  it('creates a run and reads it back whole, its steps included', async () => {
    expect(await runs.create(run('1'))).toEqual(run('1'));
    expect(await runs.running()).toEqual(run('1'));
  });

  it('refuses a second run while one is running, naming it, and writes nothing', async () => {
    const refusal = runs.create(run('2', { suite: 'nightly' }));
    await expect(refusal).rejects.toThrow(SuiteRunConflictError);
    await expect(refusal).rejects.toThrow(`suite run ${run('1').id} ("default") is still running`);
    expect(await runs.get(run('2').id)).toBeNull();
  });

  it('updates the steps as the run goes, and ends it; then another may run', async () => {
    const steps = [
      { ...run('1').steps[0], status: 'completed' as const, experimentId: '5d0c6a7e-0000-4000-8000-000000000000' },
    ];
    await runs.update(run('1').id, { steps });
    expect((await runs.get(run('1').id))?.steps).toEqual(steps);
    const endedAt = new Date('2026-01-05T10:05:00Z');
    await runs.update(run('1').id, { status: 'interrupted', reason: 'the runner stopped', endedAt });
    expect(await runs.get(run('1').id)).toMatchObject({
      status: 'interrupted',
      reason: 'the runner stopped',
      endedAt,
      steps,
    });
    expect(await runs.running()).toBeNull();
    await runs.create(run('2', { suite: 'nightly' }));
    expect((await runs.running())?.suite).toBe('nightly');
  });

  it('lists the newest first, as many as asked', async () => {
    await runs.update(run('2').id, { status: 'completed', endedAt: new Date() });
    await runs.create(run('3'));
    expect((await runs.list(20)).map((row) => row.id)).toEqual([run('3').id, run('2').id, run('1').id]);
    expect((await runs.list(2)).map((row) => row.id)).toEqual([run('3').id, run('2').id]);
  });

  it('keeps statuses to the known ones', async () => {
    await expect(
      dataSource.query(`update suite_runs set status = 'paused' where id = $1`, [run('3').id]),
    ).rejects.toThrow(/suite_runs_status_check/);
  });
});
