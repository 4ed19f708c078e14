import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Group } from '../drivers/driver';
import { ExperimentConflictError } from './experiment-errors';
import { ACTIVE_STATUSES, type ExperimentStatus } from './experiment-views';
import { ExperimentRow, JournalRow } from './persistence';

export type ExperimentPatch = Partial<
  Omit<ExperimentRow, 'id' | 'document' | 'createdBy' | 'createdAt' | 'targetGroup'>
>;

/** Experiments and their journals. */
@Injectable()
export class ExperimentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(ExperimentRow);
  }

  /** Inserts a new experiment; another one still active in the same group makes it a conflict. */
  async create(row: Omit<ExperimentRow, 'createdAt'>): Promise<ExperimentRow> {
    try {
      // jsonb columns hold typed documents TypeORM's deep-partial types cannot follow.
      await this.rows.insert({ ...row, createdAt: new Date() } as QueryDeepPartialEntity<ExperimentRow>);
    } catch (error) {
      if (
        (error as { driverError?: { constraint?: string } }).driverError?.constraint ===
        'experiments_one_active_per_group'
      ) {
        throw busy(row.targetGroup, await this.activeIn(row.targetGroup));
      }
      throw error;
    }
    return this.get(row.id) as Promise<ExperimentRow>;
  }

  /** The experiment under way in the group, if one is. */
  activeIn(group: Group): Promise<ExperimentRow | null> {
    return this.rows.findOne({ where: { targetGroup: group, status: In([...ACTIVE_STATUSES]) } });
  }

  async update(id: string, patch: ExperimentPatch): Promise<void> {
    await this.rows.update({ id }, patch as QueryDeepPartialEntity<ExperimentRow>);
  }

  get(id: string): Promise<ExperimentRow | null> {
    return this.rows.findOne({ where: { id } });
  }

  /** The newest first. */
  list(limit = 500): Promise<ExperimentRow[]> {
    return this.rows.find({ order: { createdAt: 'DESC' }, take: limit });
  }

  withStatus(statuses: readonly ExperimentStatus[]): Promise<ExperimentRow[]> {
    return this.rows.find({ where: { status: In([...statuses]) }, order: { createdAt: 'ASC' } });
  }

  /** Experiments that injected a fault at some moment of [from, to]. */
  injectedWithin(from: Date, to: Date): Promise<ExperimentRow[]> {
    return this.rows
      .createQueryBuilder('experiment')
      .where('experiment.injected_at is not null')
      .andWhere('experiment.injected_at <= :to', { to })
      .andWhere('(experiment.ended_at is null or experiment.ended_at >= :from)', { from })
      .orderBy('experiment.injected_at', 'ASC')
      .getMany();
  }

  async journal(experimentId: string, step: string, detail: Record<string, unknown> = {}): Promise<void> {
    await this.dataSource
      .getRepository(JournalRow)
      .insert({ experimentId, step, detail: jsonSafe(detail), at: new Date() } as QueryDeepPartialEntity<JournalRow>);
  }

  journalOf(experimentId: string): Promise<JournalRow[]> {
    return this.dataSource.getRepository(JournalRow).find({ where: { experimentId }, order: { id: 'ASC' } });
  }
}

export function busy(group: Group, active: ExperimentRow | null): ExperimentConflictError {
  const which = active ? `experiment ${active.id} ("${active.title}", ${active.status})` : 'another experiment';
  return new ExperimentConflictError(
    `${which} is still running in the ${group} group: one experiment per group at a time`,
  );
}

/** Errors and dates as a person reads them in the journal; NaN (no data) as null. */
function jsonSafe(detail: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(detail, (_key, value: unknown) => {
      if (value instanceof Error) return value.message;
      if (typeof value === 'number' && !Number.isFinite(value)) return null;
      return value;
    }),
  ) as Record<string, unknown>;
}
