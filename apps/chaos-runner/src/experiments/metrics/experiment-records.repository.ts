import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { floorsFromJournal } from './experiment-metric-families';
import type { AlertFloor, ExperimentRecord, RecordedVerdict } from './experiment-record';

interface ExperimentRecordRow {
  id: string;
  title: string;
  fault_kind: string;
  target_group: string;
  status: string;
  dry_run: boolean;
  created_at: Date;
  started_at: Date | null;
  injected_at: Date | null;
  detected_at: Date | null;
  recovered_at: Date | null;
  ended_at: Date | null;
  verdict: RecordedVerdict | null;
}

/** Reads the experiments tables for the series; the experiments feature owns and writes them. */
@Injectable()
export class ExperimentRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every experiment without its document and samples, and its verdict without the probes' evidence
   * and the integrity report: what is left is a few hundred bytes an experiment.
   */
  async all(): Promise<ExperimentRecord[]> {
    const rows: ExperimentRecordRow[] = await this.dataSource.query(
      `select id, title, fault_kind, target_group, status, dry_run, created_at, started_at, injected_at, detected_at, recovered_at, ended_at,
              verdict - 'probes' - 'integrity' as verdict
         from experiments`,
    );
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      fault: row.fault_kind,
      targetGroup: row.target_group,
      status: row.status,
      dryRun: row.dry_run,
      createdAt: row.created_at,
      startedAt: row.started_at,
      injectedAt: row.injected_at,
      detectedAt: row.detected_at,
      recoveredAt: row.recovered_at,
      endedAt: row.ended_at,
      verdict: row.verdict,
    }));
  }

  /** The per-alert detection floors each of these experiments journalled before injecting, by experiment id. */
  async alertFloors(experimentIds: readonly string[]): Promise<Map<string, AlertFloor[]>> {
    if (experimentIds.length === 0) return new Map();
    const rows: Array<{ experiment_id: string; floors: unknown }> = await this.dataSource.query(
      `select distinct on (experiment_id) experiment_id, detail -> 'detectionFloors' as floors
         from experiment_journal
        where experiment_id = any($1::uuid[]) and step = 'steady-state-checked'
        order by experiment_id, id desc`,
      [experimentIds],
    );
    const floors = new Map<string, AlertFloor[]>();
    for (const row of rows) {
      const parsed = floorsFromJournal(row.floors);
      if (parsed) floors.set(row.experiment_id, parsed);
    }
    return floors;
  }
}
