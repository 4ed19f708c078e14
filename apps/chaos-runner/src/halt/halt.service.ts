import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@scale/telemetry';
import { ExperimentEngine } from '../experiments/experiment-engine';
import { HaltedGauge } from './halted-gauge';
import { HaltRepository } from './halt.repository';
import { RevertService } from '../experiments/revert.service';

/** The big red button: every fault reverted, every run stopped, nothing new until released. */
@Injectable()
export class HaltService implements OnApplicationBootstrap {
  constructor(
    private readonly halts: HaltRepository,
    private readonly engine: ExperimentEngine,
    private readonly reverts: RevertService,
    private readonly gauge: HaltedGauge,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Halts first (so nothing starts meanwhile), reverts every open record itself rather than waiting
   * for each run to get there, then stops the runs (each reverts its own faults again, which changes
   * nothing, and waits for steady state before its verdict). `reverted` counts the faults undone.
   */
  async halt(actor: string, reason?: string): Promise<{ halted: true; reverted: number }> {
    await this.halts.halt(actor, reason ?? null);
    this.gauge.set(true);
    const { reverted, failed } = await this.reverts.revertAllOpen(`halt by ${actor}`);
    const stopped = this.engine.stopAll(`halted by ${actor}${reason ? `: ${reason}` : ''}`);
    this.logger.warn({ actor, reason, stopped, reverted, failed }, 'runner halted');
    return { halted: true, reverted };
  }

  async release(actor: string): Promise<{ halted: false }> {
    if (await this.halts.release(actor)) this.logger.info({ actor }, 'runner released');
    this.gauge.set(false);
    return { halted: false };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.gauge.set(await this.isHalted());
  }

  async isHalted(): Promise<boolean> {
    return (await this.halts.current()) !== null;
  }
}
