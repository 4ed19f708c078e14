import { Injectable } from '@nestjs/common';
import type { ExplanationWindow, ExplanationWindows } from '../ledger/explanation-windows';
import { ExperimentsRepository } from './experiments.repository';

/**
 * Experiments explain the alerts of the group they hit, from the injection to the end of the run (its
 * recovery included): such an alert is the experiment's doing, not noise. Dry runs and refused runs
 * injected nothing, so they explain nothing.
 */
@Injectable()
export class ExperimentWindows implements ExplanationWindows {
  constructor(private readonly experiments: ExperimentsRepository) {}

  async windows(from: Date, to: Date): Promise<ExplanationWindow[]> {
    const rows = await this.experiments.injectedWithin(from, to);
    return rows.map((row) => ({ from: row.injectedAt as Date, to: row.endedAt ?? new Date(), group: row.targetGroup }));
  }
}
