import { Test } from '@nestjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { LOGGER, type Logger } from '@scale/telemetry';
import { ExperimentEngine } from '../experiments/experiment-engine';
import type { RunnerHaltRow } from '../experiments/persistence';
import { RevertService } from '../experiments/revert.service';
import { HaltedGauge } from './halted-gauge';
import { HaltRepository } from './halt.repository';
import { HaltService } from './halt.service';
import { fake } from '../../../../test/support/fakes';

/** Every collaborator writes what it was asked to `calls`, so that the order shows. */
async function setup(state: { halted?: boolean; outcome?: { reverted: number; failed: number }; runs?: number } = {}) {
  const calls: string[] = [];
  const halts = fake<HaltRepository>({
    current: vi.fn(async () => (state.halted ? ({ haltedBy: 'alice' } as RunnerHaltRow) : null)),
    halt: vi.fn(async () => void calls.push('halt')),
    release: vi.fn(async () => state.halted ?? false),
  });
  const engine = fake<ExperimentEngine>({
    stopAll: vi.fn(() => {
      calls.push('stop runs');
      return state.runs ?? 0;
    }),
  });
  const reverts = fake<RevertService>({
    revertAllOpen: vi.fn(async () => {
      calls.push('revert');
      return state.outcome ?? { reverted: 0, failed: 0 };
    }),
  });
  const gauge = fake<HaltedGauge>({ set: vi.fn((halted: boolean) => void calls.push(`gauge ${halted}`)) });
  const logger = fake<Logger>({ warn: vi.fn(), info: vi.fn() });
  const module = await Test.createTestingModule({
    providers: [
      HaltService,
      { provide: HaltRepository, useValue: halts },
      { provide: ExperimentEngine, useValue: engine },
      { provide: RevertService, useValue: reverts },
      { provide: HaltedGauge, useValue: gauge },
      { provide: LOGGER, useValue: logger },
    ],
  }).compile();
  const service = module.get(HaltService);
  return { service, calls, halts, engine, reverts, gauge, logger };
}

describe('HaltService', () => {
  it('halts first and raises the gauge, then reverts every open record, then stops the runs', async () => {
    const { service, calls } = await setup();
    await service.halt('alice', 'the API is on fire');
    expect(calls).toEqual(['halt', 'gauge true', 'revert', 'stop runs']);
  });

  it('records who halted and why, and says so to the reverts and the runs', async () => {
    const { service, halts, reverts, engine } = await setup();
    await service.halt('alice', 'the API is on fire');
    expect(halts.halt).toHaveBeenCalledWith('alice', 'the API is on fire');
    expect(reverts.revertAllOpen).toHaveBeenCalledWith('halt by alice');
    expect(engine.stopAll).toHaveBeenCalledWith('halted by alice: the API is on fire');
  });

  it('halts without a reason, stored as null', async () => {
    const { service, halts, engine } = await setup();
    await service.halt('alice');
    expect(halts.halt).toHaveBeenCalledWith('alice', null);
    expect(engine.stopAll).toHaveBeenCalledWith('halted by alice');
  });

  it('answers how many faults it reverted, and logs the ones that failed', async () => {
    const { service, logger } = await setup({ outcome: { reverted: 2, failed: 1 }, runs: 1 });
    expect(await service.halt('alice')).toEqual({ halted: true, reverted: 2 });
    expect(logger.warn).toHaveBeenCalledWith(
      { actor: 'alice', reason: undefined, stopped: 1, reverted: 2, failed: 1 },
      'runner halted',
    );
  });

  it('releases the halt and clears the gauge', async () => {
    const { service, halts, gauge, logger } = await setup({ halted: true });
    expect(await service.release('bob')).toEqual({ halted: false });
    expect(halts.release).toHaveBeenCalledWith('bob');
    expect(gauge.set).toHaveBeenCalledWith(false);
    expect(logger.info).toHaveBeenCalledWith({ actor: 'bob' }, 'runner released');
  });

  it('releases a runner that was not halted without saying it released anything', async () => {
    const { service, gauge, logger } = await setup({ halted: false });
    expect(await service.release('bob')).toEqual({ halted: false });
    expect(gauge.set).toHaveBeenCalledWith(false);
    expect(logger.info).not.toHaveBeenCalled();
  });

  it('is halted while a halt is not released', async () => {
    expect(await (await setup({ halted: true })).service.isHalted()).toBe(true);
    expect(await (await setup({ halted: false })).service.isHalted()).toBe(false);
  });

  it('sets the gauge from the database when the runner starts, so a halt survives a restart', async () => {
    const halted = await setup({ halted: true });
    await halted.service.onApplicationBootstrap();
    expect(halted.gauge.set).toHaveBeenCalledWith(true);
    const running = await setup({ halted: false });
    await running.service.onApplicationBootstrap();
    expect(running.gauge.set).toHaveBeenCalledWith(false);
  });
});
