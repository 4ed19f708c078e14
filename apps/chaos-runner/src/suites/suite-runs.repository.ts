import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SuiteRunRow } from './persistence';
import { SuiteRunConflictError } from './suite-errors';

export type SuiteRunPatch = Partial<Pick<SuiteRunRow, 'status' | 'endedAt' | 'reason' | 'steps'>>;

/** Suite runs and their steps. */
@Injectable()
export class SuiteRunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(SuiteRunRow);
  }

  /** Inserts a new run; one still running makes it a conflict (the database decides, race-free). */
  async create(row: SuiteRunRow): Promise<SuiteRunRow> {
    try {
      // jsonb columns hold typed arrays TypeORM's deep-partial types cannot follow.
      await this.rows.insert(row as QueryDeepPartialEntity<SuiteRunRow>);
    } catch (error) {
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'suite_runs_one_running') {
        throw stillRunning(await this.running());
      }
      throw error;
    }
    return (await this.get(row.id))!;
  }

  get(id: string): Promise<SuiteRunRow | null> {
    return this.rows.findOne({ where: { id } });
  }

  running(): Promise<SuiteRunRow | null> {
    return this.rows.findOne({ where: { status: 'running' } });
  }

  /** The newest first. */
  list(limit: number): Promise<SuiteRunRow[]> {
    return this.rows.find({ order: { createdAt: 'DESC' }, take: limit });
  }

  async update(id: string, patch: SuiteRunPatch): Promise<void> {
    await this.rows.update({ id }, patch as QueryDeepPartialEntity<SuiteRunRow>);
  }
}

export function stillRunning(run: Pick<SuiteRunRow, 'id' | 'suite'> | null): SuiteRunConflictError {
  return new SuiteRunConflictError(
    run
      ? `suite run ${run.id} ("${run.suite}") is still running; one suite runs at a time`
      : 'a suite run is still running; one suite runs at a time',
  );
}
