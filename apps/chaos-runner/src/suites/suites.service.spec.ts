import { Test } from '@nestjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { parseExperimentDocument, TargetSelectionError } from '@scale/chaos';
import { LOGGER, type Logger } from '@scale/telemetry';
import { ExperimentConflictError, RunnerHaltedError } from '../experiments/experiment-errors';
import type { ExperimentDetail, ExperimentStatus, ExperimentSummary } from '../experiments/experiment-views';
import { ExperimentsService } from '../experiments/experiments.service';
import { HaltService } from '../halt/halt.service';
import type { SuiteRunRow } from './persistence';
import type { Suite } from './suite-catalog';
import { SuiteNotFoundError, SuiteRunConflictError, SuiteRunNotFoundError } from './suite-errors';
import { SuiteRunsRepository, type SuiteRunPatch } from './suite-runs.repository';
import { SUITE_CATALOG, SUITE_RUN_OPTIONS, SuitesService } from './suites.service';
import { fake } from '../../../../test/support/fakes';

const experiment = (title: string, kind = 'pod-kill', extra: Record<string, unknown> = {}) =>
  parseExperimentDocument({
    title,
    fault:
      kind === 'zone-outage'
        ? { kind, target: { service: 'api' }, params: { zone: 'a' } }
        : { kind, target: { service: 'api' } },
    durationSeconds: 30,
    steadyState: { probes: [{ name: 'up', query: 'up', tolerance: { type: 'absolute', min: 1 } }] },
    expectedAlerts: [{ alertname: 'TargetDown', withinSeconds: 60 }],
    ...extra,
  });

const SUITES: Suite[] = [
  {
    name: 'default',
    experiments: [
      { file: '01-kill.json', document: experiment('kill') },
      { file: '02-zone.json', document: experiment('zone', 'zone-outage') },
      { file: '03-again.json', document: experiment('again') },
    ],
  },
  { name: 'nightly', experiments: [{ file: 'a.json', document: experiment('nightly') }] },
];

interface State {
  halted?: boolean;
  runs?: SuiteRunRow[];
  active?: ExperimentSummary[];
  /** Makes the n-th start (0-based) throw this instead of starting. */
  refuse?: Record<number, Error>;
}

async function setup(state: State = {}) {
  const rows = new Map((state.runs ?? []).map((row) => [row.id, structuredClone(row)]));
  const runs = fake<SuiteRunsRepository>({
    create: vi.fn(async (row: SuiteRunRow) => {
      rows.set(row.id, structuredClone(row));
      return structuredClone(row);
    }),
    get: vi.fn(async (id: string) => rows.get(id) ?? null),
    running: vi.fn(async () => [...rows.values()].find((row) => row.status === 'running') ?? null),
    list: vi.fn(async () => [...rows.values()].reverse()),
    update: vi.fn(async (id: string, patch: SuiteRunPatch) => {
      rows.set(id, { ...rows.get(id)!, ...structuredClone(patch) });
    }),
  });
  // Experiments end when the test says so (`end`); each start is recorded with its document.
  let attempts = 0;
  const statuses = new Map<string, ExperimentStatus>();
  const started: Array<{ id: string; title: string; dryRun: boolean; actor: string }> = [];
  const experiments = fake<ExperimentsService>({
    start: vi.fn(async (input: unknown, actor: string) => {
      const document = parseExperimentDocument(input);
      const attempt = attempts++;
      if (state.refuse?.[attempt]) throw state.refuse[attempt];
      const id = `e${attempt}`;
      statuses.set(id, 'running');
      started.push({ id, title: document.title, dryRun: document.dryRun, actor });
      return { id } as ExperimentDetail;
    }),
    get: vi.fn(async (id: string) => ({ id, status: statuses.get(id)! }) as ExperimentDetail),
    list: vi.fn(async () => state.active ?? []),
  });
  const halt = fake<HaltService>({ isHalted: vi.fn(async () => state.halted ?? false) });
  const logger = fake<Logger>({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });
  const module = await Test.createTestingModule({
    providers: [
      SuitesService,
      { provide: SUITE_CATALOG, useValue: SUITES },
      { provide: SUITE_RUN_OPTIONS, useValue: { pollIntervalMs: 1 } },
      { provide: SuiteRunsRepository, useValue: runs },
      { provide: ExperimentsService, useValue: experiments },
      { provide: HaltService, useValue: halt },
      { provide: LOGGER, useValue: logger },
    ],
  }).compile();
  const service = module.get(SuitesService);
  const end = (id: string, status: ExperimentStatus) => statuses.set(id, status);
  const row = (id: string) => rows.get(id)!;
  const steps = (id: string) =>
    row(id).steps.map((step) => `${step.file} ${step.status}${step.experimentId ? ` ${step.experimentId}` : ''}`);
  return { service, runs, experiments, halt, logger, started, end, row, steps };
}

const leftover = (steps: Array<[string, SuiteRunRow['steps'][number]['status']]>): SuiteRunRow => ({
  id: '7d1a0f52-0000-4000-8000-000000000001',
  suite: 'default',
  dryRun: false,
  status: 'running',
  createdBy: 'alice',
  createdAt: new Date('2026-01-05T10:00:00Z'),
  endedAt: null,
  reason: null,
  steps: steps.map(([file, status], index) => ({
    file,
    title: file,
    status,
    experimentId: status === 'waiting' ? null : `e${index}`,
    detail: null,
  })),
});

describe('SuitesService.list', () => {
  it("lists every suite with its experiments' title, fault, target, duration and expected alerts, in order", async () => {
    const { service } = await setup();
    const [suite, nightly] = service.list();
    expect(nightly.name).toBe('nightly');
    expect(suite.name).toBe('default');
    expect(suite.experiments.map((entry) => entry.file)).toEqual(['01-kill.json', '02-zone.json', '03-again.json']);
    expect(suite.experiments[1]).toEqual({
      file: '02-zone.json',
      title: 'zone',
      description: null,
      faultKind: 'zone-outage',
      target: { service: 'api', mode: 'one' },
      params: { zone: 'a' },
      durationSeconds: 30,
      expectedAlerts: [{ alertname: 'TargetDown', withinSeconds: 60 }],
      dryRun: false,
    });
  });
});

describe('SuitesService.start', () => {
  it('answers at once with the run and the experiments it will start, all waiting', async () => {
    const { service } = await setup();
    const run = await service.start('default', true, 'alice');
    expect(run).toMatchObject({ suite: 'default', dryRun: true, status: 'running', createdBy: 'alice', endedAt: null });
    expect(run.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.experiments).toEqual([
      { file: '01-kill.json', title: 'kill', status: 'waiting', experimentId: null, detail: null },
      { file: '02-zone.json', title: 'zone', status: 'waiting', experimentId: null, detail: null },
      { file: '03-again.json', title: 'again', status: 'waiting', experimentId: null, detail: null },
    ]);
  });

  it('starts each experiment only once the one before has ended, as dry runs when asked, then completes', async () => {
    const { service, started, end, steps, row } = await setup();
    const { id } = await service.start('default', true, 'alice');
    await vi.waitFor(() => expect(started).toHaveLength(1));
    expect(steps(id)).toEqual(['01-kill.json running e0', '02-zone.json waiting', '03-again.json waiting']);
    // The first has not ended: nothing more starts however long it takes.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(started).toHaveLength(1);

    end('e0', 'completed');
    await vi.waitFor(() => expect(started).toHaveLength(2));
    end('e1', 'aborted');
    await vi.waitFor(() => expect(started).toHaveLength(3));
    end('e2', 'refused');
    await vi.waitFor(() => expect(row(id).status).toBe('completed'));
    expect(started).toEqual([
      { id: 'e0', title: 'kill', dryRun: true, actor: 'alice' },
      { id: 'e1', title: 'zone', dryRun: true, actor: 'alice' },
      { id: 'e2', title: 'again', dryRun: true, actor: 'alice' },
    ]);
    expect(steps(id)).toEqual(['01-kill.json completed e0', '02-zone.json aborted e1', '03-again.json refused e2']);
    expect(row(id)).toMatchObject({ reason: null, endedAt: expect.any(Date) });
  });

  it("keeps each document's own dryRun when the run is not a dry run", async () => {
    const { service, started } = await setup();
    await service.start('nightly', false, 'carol');
    await vi.waitFor(() => expect(started).toEqual([{ id: 'e0', title: 'nightly', dryRun: false, actor: 'carol' }]));
  });

  it('marks an experiment the runner refuses as not started, says why, and goes on with the next', async () => {
    const refusal = new TargetSelectionError('the selector matches no replica of the experiment group');
    const { service, started, end, row, steps } = await setup({ refuse: { 0: refusal } });
    const { id } = await service.start('default', false, 'alice');
    await vi.waitFor(() => expect(started).toHaveLength(1));
    expect(row(id).steps[0]).toMatchObject({ status: 'not-started', experimentId: null, detail: refusal.message });
    end('e1', 'completed');
    await vi.waitFor(() => expect(started).toHaveLength(2));
    end('e2', 'completed');
    await vi.waitFor(() => expect(row(id).status).toBe('completed'));
    expect(steps(id)).toEqual(['01-kill.json not-started', '02-zone.json completed e1', '03-again.json completed e2']);
  });

  it('ends the run as halted when the runner is halted between two experiments, skipping the rest', async () => {
    const halted = new RunnerHaltedError('the runner is halted: release it (DELETE /halt) before starting experiments');
    const { service, started, end, row, steps } = await setup({ refuse: { 1: halted } });
    const { id } = await service.start('default', false, 'alice');
    await vi.waitFor(() => expect(started).toHaveLength(1));
    end('e0', 'aborted');
    await vi.waitFor(() => expect(row(id).status).toBe('halted'));
    expect(row(id).reason).toBe('the runner was halted; the rest were not started');
    expect(steps(id)).toEqual(['01-kill.json aborted e0', '02-zone.json not-started', '03-again.json skipped']);
    expect(row(id).steps[1].detail).toBe(halted.message);
  });

  it('ends the run as failed, with the reason, when starting fails for an unexpected reason', async () => {
    const { service, row, steps, logger } = await setup({ refuse: { 0: new Error('connection terminated') } });
    const { id } = await service.start('default', false, 'alice');
    await vi.waitFor(() => expect(row(id).status).toBe('failed'));
    expect(row(id).reason).toBe('connection terminated');
    expect(steps(id)).toEqual(['01-kill.json skipped', '02-zone.json skipped', '03-again.json skipped']);
    expect(logger.error).toHaveBeenCalled();
  });

  it('refuses an unknown suite, naming those it knows', async () => {
    const { service, runs } = await setup();
    await expect(service.start('nope', false, 'alice')).rejects.toThrow(SuiteNotFoundError);
    await expect(service.start('nope', false, 'alice')).rejects.toThrow(
      'no suite named "nope"; this runner knows default, nightly (GET /suites)',
    );
    expect(runs.create).not.toHaveBeenCalled();
  });

  it('refuses while the runner is halted, and creates nothing', async () => {
    const { service, runs, experiments } = await setup({ halted: true });
    await expect(service.start('default', true, 'alice')).rejects.toThrow(RunnerHaltedError);
    expect(runs.create).not.toHaveBeenCalled();
    expect(experiments.start).not.toHaveBeenCalled();
  });

  it('refuses while another suite run is under way, naming it', async () => {
    const running = leftover([['01-kill.json', 'running']]);
    const { service, runs } = await setup({ runs: [running] });
    const refusal = service.start('nightly', true, 'alice');
    await expect(refusal).rejects.toThrow(SuiteRunConflictError);
    await expect(refusal).rejects.toThrow(`suite run ${running.id} ("default") is still running`);
    expect(runs.create).not.toHaveBeenCalled();
  });

  it('refuses while an experiment holds the experiment group', async () => {
    const active = [{ id: 'x1', title: 'zone down', status: 'injecting' } as ExperimentSummary];
    const { service, runs } = await setup({ active });
    const refusal = service.start('default', true, 'alice');
    await expect(refusal).rejects.toThrow(ExperimentConflictError);
    await expect(refusal).rejects.toThrow('experiment x1 ("zone down", injecting) is still running');
    expect(runs.create).not.toHaveBeenCalled();
  });
});

describe('SuitesService runs across a restart', () => {
  it('records a run left running by a runner that stopped as interrupted, not resumed', async () => {
    const run = leftover([
      ['01-kill.json', 'completed'],
      ['02-zone.json', 'running'],
      ['03-again.json', 'waiting'],
    ]);
    const { service, row, steps, experiments } = await setup({ runs: [run] });
    await service.onApplicationBootstrap();
    expect(row(run.id)).toMatchObject({ status: 'interrupted', endedAt: expect.any(Date) });
    expect(row(run.id).reason).toMatch(/^the runner stopped during the run; runs are not resumed/);
    expect(steps(run.id)).toEqual([
      '01-kill.json completed e0',
      '02-zone.json interrupted e1',
      '03-again.json skipped',
    ]);
    expect(experiments.start).not.toHaveBeenCalled();
  });

  it('stops its run when the runner stops: nothing more starts, and the run is interrupted', async () => {
    const { service, started, end, row, steps } = await setup();
    const { id } = await service.start('default', false, 'alice');
    await vi.waitFor(() => expect(started).toHaveLength(1));
    await service.beforeApplicationShutdown();
    expect(row(id)).toMatchObject({ status: 'interrupted', reason: 'the runner stopped during the run' });
    expect(steps(id)).toEqual(['01-kill.json interrupted e0', '02-zone.json skipped', '03-again.json skipped']);
    end('e0', 'completed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toHaveLength(1);
  });

  it('answers a run it does not have with SuiteRunNotFoundError, and lists the newest first', async () => {
    const run = leftover([['01-kill.json', 'completed']]);
    const { service } = await setup({ runs: [run] });
    await expect(service.run('5d0c6a7e-0000-4000-8000-000000000000')).rejects.toThrow(SuiteRunNotFoundError);
    expect(await service.run(run.id)).toMatchObject({ id: run.id, createdAt: '2026-01-05T10:00:00.000Z' });
    expect((await service.recentRuns()).map((view) => view.id)).toEqual([run.id]);
  });
});
