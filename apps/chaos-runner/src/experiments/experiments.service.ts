import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { parseExperimentDocument } from '@scale/chaos';
import { CLUSTER_DRIVER, type ClusterDriver } from '../drivers/driver';
import { FAULT_CATALOG, faultKind } from '../faults/fault-catalog';
import type { FaultLevel } from '../faults/fault';
import { ExperimentEngine } from './experiment-engine';
import { ExperimentConflictError, ExperimentNotFoundError, RunnerHaltedError } from './experiment-errors';
import { detailOf, summaryOf } from './experiment-mapping';
import { ExperimentReportBuilder } from './experiment-report';
import {
  ACTIVE_STATUSES,
  type ExperimentDetail,
  type ExperimentReportData,
  type ExperimentSummary,
} from './experiment-views';
import { busy, ExperimentsRepository } from './experiments.repository';
import { HaltService } from '../halt/halt.service';
import { RevertService } from './revert.service';

/** Starting, following and stopping experiments; the rules live here, the lifecycle in ExperimentRun. */
@Injectable()
export class ExperimentsService {
  constructor(
    private readonly experiments: ExperimentsRepository,
    private readonly engine: ExperimentEngine,
    private readonly halt: HaltService,
    private readonly reverts: RevertService,
    private readonly reports: ExperimentReportBuilder,
    @Inject(CLUSTER_DRIVER) private readonly driver: ClusterDriver,
  ) {}

  /**
   * Validates the document (ExperimentDocumentError), refuses while halted (RunnerHaltedError), while
   * faults of an earlier run are not reverted or another experiment holds the group
   * (ExperimentConflictError), and when the selector picks nothing allowed (TargetSelectionError);
   * then runs the lifecycle in the background and answers at once.
   */
  async start(input: unknown, actor: string): Promise<ExperimentDetail> {
    const document = parseExperimentDocument(input);
    if (await this.halt.isHalted()) {
      throw new RunnerHaltedError('the runner is halted: release it (DELETE /halt) before starting experiments');
    }
    const orphaned = await this.reverts.orphaned();
    if (orphaned.length > 0) {
      throw new ExperimentConflictError(
        `${orphaned.length} fault(s) of earlier experiments are not reverted yet (${[...new Set(orphaned.map((record) => record.experimentId))].join(', ')}); the runner keeps trying, or halt to retry now`,
      );
    }
    // Checked again, race-free, when the experiment is inserted; here it spares asking the cluster in vain.
    const active = await this.experiments.activeIn('experiment');
    if (active) throw busy('experiment', active);
    const fault = faultKind(document.fault.kind);
    const plan = fault.plan(document, await this.driver.replicas());
    for (const injection of plan) await fault.confirm?.(injection, this.driver);
    const row = await this.experiments.create({
      id: randomUUID(),
      title: document.title,
      targetGroup: 'experiment',
      status: 'pending',
      faultKind: document.fault.kind,
      dryRun: document.dryRun,
      document,
      targets: plan.flatMap((injection) => injection.replicaIds),
      createdBy: actor,
      startedAt: null,
      injectedAt: null,
      detectedAt: null,
      recoveredAt: null,
      endedAt: null,
      abortReason: null,
      verdict: null,
      samples: {},
    });
    await this.experiments.journal(row.id, 'created', { by: actor, targets: row.targets, dryRun: row.dryRun });
    this.engine.launch(row, plan);
    return this.get(row.id);
  }

  async list(): Promise<ExperimentSummary[]> {
    return (await this.experiments.list()).map(summaryOf);
  }

  async get(id: string): Promise<ExperimentDetail> {
    const row = await this.experiments.get(id);
    if (!row) throw new ExperimentNotFoundError(id);
    return detailOf(row, await this.experiments.journalOf(id));
  }

  /**
   * Stops a run: it reverts its faults, waits for steady state back and ends as aborted. An experiment
   * that has already ended is left as it is.
   */
  async abort(id: string, actor: string): Promise<ExperimentDetail> {
    const row = await this.experiments.get(id);
    if (!row) throw new ExperimentNotFoundError(id);
    if (ACTIVE_STATUSES.includes(row.status)) {
      await this.experiments.journal(id, 'abort-requested', { by: actor });
      if (!this.engine.stop(id, `aborted by ${actor}`)) {
        // Under way according to the database but run by no one here: only a halt or a restart reverts it.
        throw new ExperimentConflictError(
          `experiment ${id} is ${row.status} but not run by this runner; halt to revert its faults`,
        );
      }
    }
    return this.get(id);
  }

  async report(id: string): Promise<ExperimentReportData> {
    const row = await this.experiments.get(id);
    if (!row) throw new ExperimentNotFoundError(id);
    return this.reports.build(row, detailOf(row, await this.experiments.journalOf(id)));
  }

  faults(): Array<{ kind: string; level: FaultLevel; description: string; params: unknown }> {
    return FAULT_CATALOG.map(({ kind, level, description, params }) => ({ kind, level, description, params }));
  }
}
