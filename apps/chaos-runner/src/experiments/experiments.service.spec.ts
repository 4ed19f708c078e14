import { Test } from '@nestjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { ExperimentDocumentError, TargetSelectionError } from '@scale/chaos';
import { CLUSTER_DRIVER, type ClusterDriver } from '../drivers/driver';
import { replica } from '../testing/replicas';
import { HaltService } from '../halt/halt.service';
import { ExperimentEngine } from './experiment-engine';
import { ExperimentConflictError, ExperimentNotFoundError, RunnerHaltedError } from './experiment-errors';
import { ExperimentReportBuilder } from './experiment-report';
import { ACTIVE_STATUSES } from './experiment-views';
import { ExperimentsRepository } from './experiments.repository';
import { ExperimentsService } from './experiments.service';
import type { ExperimentRow, RevertRecordRow } from './persistence';
import { RevertService } from './revert.service';
import { fake } from '../../../../test/support/fakes';

// Two API replicas in the experiment group, so that one of them stays within the maximum share (a half).
const cluster = [
  replica('experiment', 'api', 'a'),
  replica('experiment', 'api', 'b'),
  replica('control', 'api', 'a'),
  replica('control', 'worker', 'a'),
];
const document = (target: Record<string, unknown> = { service: 'api', zone: 'a' }, extra = {}) => ({
  title: 'API survives losing a replica',
  fault: { kind: 'pod-kill', target },
  durationSeconds: 30,
  steadyState: { probes: [{ name: 'up', query: 'up', tolerance: { type: 'absolute', min: 1 } }] },
  ...extra,
});
const orphan = (experimentId: string) => ({ id: `r-${experimentId}`, experimentId }) as RevertRecordRow;

async function setup(state: { halted?: boolean; orphaned?: RevertRecordRow[]; rows?: Partial<ExperimentRow>[] } = {}) {
  const rows = new Map((state.rows ?? []).map((row) => [row.id, { createdAt: new Date(0), ...row } as ExperimentRow]));
  const experiments = fake<ExperimentsRepository>({
    activeIn: vi.fn(async () => [...rows.values()].find((row) => ACTIVE_STATUSES.includes(row.status)) ?? null),
    create: vi.fn(async (row: Omit<ExperimentRow, 'createdAt'>) => {
      rows.set(row.id, { ...row, createdAt: new Date(0) });
      return rows.get(row.id) as ExperimentRow;
    }),
    get: vi.fn(async (id: string) => rows.get(id) ?? null),
    journal: vi.fn(async () => undefined),
    journalOf: vi.fn(async () => []),
  });
  // This runner runs only the experiment `mine`.
  const engine = fake<ExperimentEngine>({ launch: vi.fn(), stop: vi.fn((id: string) => id === 'mine') });
  const halt = fake<HaltService>({ isHalted: vi.fn(async () => state.halted ?? false) });
  const reverts = fake<RevertService>({ orphaned: vi.fn(async () => state.orphaned ?? []) });
  const reports = fake<ExperimentReportBuilder>({ build: vi.fn() });
  const driver = fake<ClusterDriver>({ replicas: vi.fn(async () => cluster) });
  const module = await Test.createTestingModule({
    providers: [
      ExperimentsService,
      { provide: ExperimentsRepository, useValue: experiments },
      { provide: ExperimentEngine, useValue: engine },
      { provide: HaltService, useValue: halt },
      { provide: RevertService, useValue: reverts },
      { provide: ExperimentReportBuilder, useValue: reports },
      { provide: CLUSTER_DRIVER, useValue: driver },
    ],
  }).compile();
  const service = module.get(ExperimentsService);
  return { service, experiments, engine, halt, reverts, driver };
}

describe('ExperimentsService.start', () => {
  it('creates the experiment on the replica its selector picks, journals it and launches it in the background', async () => {
    const { service, experiments, engine } = await setup();
    const detail = await service.start(document(), 'alice');
    expect(detail).toMatchObject({ status: 'pending', targets: ['experiment-api-a'], createdBy: 'alice' });
    expect(experiments.create).toHaveBeenCalledWith(
      expect.objectContaining({ targetGroup: 'experiment', faultKind: 'pod-kill', dryRun: false, endedAt: null }),
    );
    expect(experiments.journal).toHaveBeenCalledWith(detail.id, 'created', {
      by: 'alice',
      targets: ['experiment-api-a'],
      dryRun: false,
    });
    const plan = [{ replicaIds: ['experiment-api-a'], revert: { replicaId: 'experiment-api-a' } }];
    expect(engine.launch).toHaveBeenCalledWith(expect.objectContaining({ id: detail.id }), plan);
  });

  it('records a dry run as one and launches it like any other run', async () => {
    const { service, experiments, engine } = await setup();
    const detail = await service.start(document(undefined, { dryRun: true }), 'alice');
    expect(experiments.journal).toHaveBeenCalledWith(detail.id, 'created', expect.objectContaining({ dryRun: true }));
    expect(engine.launch).toHaveBeenCalledWith(expect.objectContaining({ dryRun: true }), expect.any(Array));
  });

  it('refuses an invalid document before asking anyone anything', async () => {
    const { service, halt } = await setup();
    await expect(service.start({ title: 'no fault' }, 'alice')).rejects.toThrow(ExperimentDocumentError);
    expect(halt.isHalted).not.toHaveBeenCalled();
  });

  it('refuses a document aiming at the control group by name', async () => {
    const { service } = await setup();
    await expect(service.start(document({ service: 'api', group: 'control' }), 'alice')).rejects.toThrow(
      /faults only ever target the experiment group/,
    );
  });

  it('refuses a run while the runner is halted, and creates nothing', async () => {
    const { service, reverts, experiments } = await setup({ halted: true });
    const refusal = service.start(document(), 'alice');
    await expect(refusal).rejects.toThrow(RunnerHaltedError);
    await expect(refusal).rejects.toThrow(
      'the runner is halted: release it (DELETE /halt) before starting experiments',
    );
    expect(reverts.orphaned).not.toHaveBeenCalled();
    expect(experiments.create).not.toHaveBeenCalled();
  });

  it('refuses a run while faults of earlier experiments are open, naming each experiment once', async () => {
    const { service, experiments } = await setup({ orphaned: [orphan('e1'), orphan('e1'), orphan('e2')] });
    const refusal = service.start(document(), 'alice');
    await expect(refusal).rejects.toThrow(ExperimentConflictError);
    await expect(refusal).rejects.toThrow('3 fault(s) of earlier experiments are not reverted yet (e1, e2);');
    expect(experiments.activeIn).not.toHaveBeenCalled();
  });

  it('refuses a run while another experiment holds the experiment group, without asking the cluster', async () => {
    const { service, experiments, driver } = await setup({
      rows: [{ id: 'x1', title: 'zone down', status: 'running' }],
    });
    const refusal = service.start(document(), 'alice');
    await expect(refusal).rejects.toThrow(ExperimentConflictError);
    await expect(refusal).rejects.toThrow(
      'experiment x1 ("zone down", running) is still running in the experiment group',
    );
    expect(experiments.activeIn).toHaveBeenCalledWith('experiment');
    expect(driver.replicas).not.toHaveBeenCalled();
  });

  it('refuses a selector only control-group replicas match, and creates nothing', async () => {
    const { service, experiments, engine } = await setup();
    const refusal = service.start(document({ service: 'worker' }), 'alice');
    await expect(refusal).rejects.toThrow(TargetSelectionError);
    await expect(refusal).rejects.toThrow(
      '(1 control-group replica(s) match, but the control group is never a target)',
    );
    expect(experiments.create).not.toHaveBeenCalled();
    expect(engine.launch).not.toHaveBeenCalled();
  });
});

describe('ExperimentsService.abort', () => {
  it('journals who asked and stops the run this runner holds', async () => {
    const { service, experiments, engine } = await setup({ rows: [{ id: 'mine', status: 'running' }] });
    await service.abort('mine', 'bob');
    expect(experiments.journal).toHaveBeenCalledWith('mine', 'abort-requested', { by: 'bob' });
    expect(engine.stop).toHaveBeenCalledWith('mine', 'aborted by bob');
  });

  it('leaves an experiment that has ended as it is', async () => {
    const { service, experiments, engine } = await setup({ rows: [{ id: 'mine', status: 'completed' }] });
    expect(await service.abort('mine', 'bob')).toMatchObject({ id: 'mine', status: 'completed' });
    expect(experiments.journal).not.toHaveBeenCalled();
    expect(engine.stop).not.toHaveBeenCalled();
  });

  it('refuses to abort an active experiment no run of this runner holds, pointing to the halt', async () => {
    const { service } = await setup({ rows: [{ id: 'theirs', status: 'injecting' }] });
    const refusal = service.abort('theirs', 'bob');
    await expect(refusal).rejects.toThrow(ExperimentConflictError);
    await expect(refusal).rejects.toThrow('experiment theirs is injecting but not run by this runner; halt to revert');
  });

  it('answers an unknown experiment with ExperimentNotFoundError', async () => {
    const { service } = await setup();
    const refusal = service.abort('nope', 'bob');
    await expect(refusal).rejects.toThrow(ExperimentNotFoundError);
    await expect(refusal).rejects.toThrow('no experiment nope');
  });
});
