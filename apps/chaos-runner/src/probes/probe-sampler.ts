import type { AbortCondition, ExperimentDocument, ExperimentProbe } from '@scale/chaos';
import type { Group } from '../drivers/driver';
import { readBothGroups, readGroup, type Reading } from './group-reading';
import type { PrometheusClient } from './prometheus-client';
import { judgeAbortConditions, judgeSteadyState, type SteadyStateCheck } from './steady-state';

/** One round of readings: every probe in both groups, every abort condition in the experiment group. */
export interface SampleRound {
  at: Date;
  probes: Map<string, Record<Group, Reading>>;
  abortConditions: Map<string, Reading>;
}

/** Reads a document's probes and abort conditions from Prometheus, all queries of a round at once. */
export class ProbeSampler {
  constructor(
    private readonly client: PrometheusClient,
    private readonly document: ExperimentDocument,
  ) {}

  async round(): Promise<SampleRound> {
    const at = new Date();
    const [probes, abortConditions] = await Promise.all([
      this.readProbes(this.document.steadyState.probes, at),
      this.readAbortConditions(this.document.abortConditions, at),
    ]);
    return { at, probes, abortConditions };
  }

  /**
   * Steady state in both groups now. Before an injection the abort conditions must also be quiet and
   * watchable; after one, steady state back is the probes alone.
   */
  async steadyState({ abortConditions: withAbortConditions }: { abortConditions: boolean }): Promise<SteadyStateCheck> {
    const { probes, abortConditions } = await this.round();
    const check = judgeSteadyState(this.document.steadyState.probes, probes);
    const reasons = [
      ...check.reasons,
      ...(withAbortConditions ? judgeAbortConditions(this.document.abortConditions, abortConditions) : []),
    ];
    return { ...check, steady: check.steady && reasons.length === 0, reasons };
  }

  private async readProbes(probes: readonly ExperimentProbe[], at: Date): Promise<Map<string, Record<Group, Reading>>> {
    const readings = await Promise.all(
      probes.map(async (probe) => [probe.name, await readBothGroups(this.client, probe.query, at)] as const),
    );
    return new Map(readings);
  }

  private async readAbortConditions(conditions: readonly AbortCondition[], at: Date): Promise<Map<string, Reading>> {
    const readings = await Promise.all(
      conditions.map(
        async (condition) => [condition.name, await readGroup(this.client, condition.query, 'experiment', at)] as const,
      ),
    );
    return new Map(readings);
  }
}
