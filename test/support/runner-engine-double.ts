import { randomUUID } from 'node:crypto';
import { parseExperimentDocument, selectTargets, type Selectable } from '@scale/chaos';
import {
  ExperimentConflictError,
  ExperimentNotFoundError,
  RunnerHaltedError,
} from '../../apps/chaos-runner/src/experiments/experiment-errors';
import type {
  ExperimentDetail,
  ExperimentReportData,
  ExperimentSummary,
} from '../../apps/chaos-runner/src/experiments/experiment-views';
import type { ExperimentsService } from '../../apps/chaos-runner/src/experiments/experiments.service';
import type { HaltService } from '../../apps/chaos-runner/src/halt/halt.service';
import { podKillReport } from './runner-report';

type Engine = Pick<ExperimentsService, 'start' | 'list' | 'get' | 'abort' | 'report' | 'faults'>;
type Halt = Pick<HaltService, 'halt' | 'release' | 'isHalted'>;

const REPLICAS: Selectable[] = ['a', 'b'].flatMap((zone) =>
  (['control', 'experiment'] as const).flatMap((group) =>
    ['scale-api', 'scale-extractor'].map((service) => ({
      id: `${group}-${service.slice(6)}-${zone}`,
      group,
      service,
      zone,
    })),
  ),
);

/**
 * The engine's service interface, in memory, for testing the HTTP layer on its own: the engine (steady
 * state, injection, reverts) is a separate component with its own tests against a real cluster. What
 * the HTTP layer must translate is real here: the document is parsed by @scale/chaos (so validation
 * errors are the real ones), targets are selected by it (so are refusals), and the busy and halted
 * refusals are the engine's own error classes.
 */
export class EngineDouble implements Engine, Halt {
  readonly experiments = new Map<string, ExperimentDetail>();
  halted = false;

  async start(input: unknown, actor: string): Promise<ExperimentDetail> {
    const document = parseExperimentDocument(input);
    if (this.halted) {
      throw new RunnerHaltedError('the runner is halted; release it (DELETE /halt) before starting experiments');
    }
    const running = [...this.experiments.values()].find((experiment) => experiment.status === 'running');
    if (running) throw new ExperimentConflictError(`experiment ${running.id} is running in the experiment group`);
    const targets = selectTargets(REPLICAS, document.fault.target, {
      maxShare: document.maxTargetShare,
      random: () => 0,
    });
    const now = new Date().toISOString();
    const detail: ExperimentDetail = {
      id: randomUUID(),
      title: document.title,
      status: 'running',
      faultKind: document.fault.kind,
      createdBy: actor,
      createdAt: now,
      startedAt: now,
      endedAt: null,
      verdict: null,
      document,
      targets: targets.map((target) => target.id),
      journal: [{ at: now, step: 'created', detail: { by: actor } }],
      injectedAt: null,
      detectedAt: null,
      recoveredAt: null,
      abortReason: null,
    };
    this.experiments.set(detail.id, detail);
    return detail;
  }

  async list(): Promise<ExperimentSummary[]> {
    return [...this.experiments.values()]
      .reverse()
      .map(({ id, title, status, faultKind, createdBy, createdAt, startedAt, endedAt, verdict }) => ({
        id,
        title,
        status,
        faultKind,
        createdBy,
        createdAt,
        startedAt,
        endedAt,
        verdict,
      }));
  }

  async get(id: string): Promise<ExperimentDetail> {
    const experiment = this.experiments.get(id);
    if (!experiment) throw new ExperimentNotFoundError(id);
    return experiment;
  }

  async abort(id: string, actor: string): Promise<ExperimentDetail> {
    const experiment = await this.get(id);
    if (experiment.status === 'running') {
      experiment.status = 'aborted';
      experiment.abortReason = `aborted by ${actor}`;
      experiment.endedAt = new Date().toISOString();
      experiment.journal.push({ at: experiment.endedAt, step: 'aborted', detail: { by: actor } });
    }
    return experiment;
  }

  /** Any experiment's report is the realistic pod kill's, under the experiment's id. */
  async report(id: string): Promise<ExperimentReportData> {
    await this.get(id);
    const data = podKillReport();
    return { ...data, detail: { ...data.detail, id } };
  }

  faults(): ReturnType<ExperimentsService['faults']> {
    return [
      {
        kind: 'pod-kill',
        level: 'pod',
        description: 'Kills every process of one replica; the supervisor restarts it',
        params: { type: 'object', properties: {} },
      },
      {
        kind: 'zone-outage',
        level: 'zone',
        description: 'Every experiment-group replica of a zone down for the duration',
        params: { type: 'object', required: ['zone'] },
      },
    ];
  }

  async halt(actor: string): Promise<{ halted: true; reverted: number }> {
    this.halted = true;
    let reverted = 0;
    for (const experiment of this.experiments.values()) {
      if (experiment.status !== 'running') continue;
      await this.abort(experiment.id, actor);
      reverted += 1;
    }
    return { halted: true, reverted };
  }

  async release(): Promise<{ halted: false }> {
    this.halted = false;
    return { halted: false };
  }

  async isHalted(): Promise<boolean> {
    return this.halted;
  }
}
