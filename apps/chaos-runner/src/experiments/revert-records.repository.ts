import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { RevertTarget } from '../faults/fault';
import { RevertRecordRow } from './persistence';

/** The records that undo injected faults; open until the fault is reverted. */
@Injectable()
export class RevertRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(RevertRecordRow);
  }

  async open(experimentId: string, faultKind: string, target: RevertTarget): Promise<RevertRecordRow> {
    const row: RevertRecordRow = {
      id: randomUUID(),
      experimentId,
      faultKind,
      target,
      createdAt: new Date(),
      revertedAt: null,
      attempts: 0,
      lastError: null,
    };
    await this.rows.insert(row);
    return row;
  }

  async updateTarget(id: string, target: RevertTarget): Promise<void> {
    await this.rows.update({ id }, { target });
  }

  /** Closes the record; false when it was closed already (by a halt, or the run itself). */
  async closed(id: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `update revert_records set reverted_at = now(), attempts = attempts + 1, last_error = null where id = $1 and reverted_at is null`,
      [id],
    );
    return (result as [unknown, number])[1] > 0;
  }

  async failed(id: string, error: string): Promise<void> {
    await this.dataSource.query(`update revert_records set attempts = attempts + 1, last_error = $2 where id = $1`, [
      id,
      error,
    ]);
  }

  /** Every record not reverted yet, the oldest first. */
  stillOpen(): Promise<RevertRecordRow[]> {
    return this.rows.find({ where: { revertedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /**
   * Open records of experiments no longer under way (ended without reverting, or cut short by a crash):
   * nothing else will revert them, and no new experiment starts while they are open.
   */
  orphaned(activeStatuses: readonly string[]): Promise<RevertRecordRow[]> {
    return this.rows
      .createQueryBuilder('record')
      .innerJoin('experiments', 'experiment', 'experiment.id = record.experiment_id')
      .where('record.reverted_at is null')
      .andWhere('experiment.status not in (:...active)', { active: activeStatuses })
      .orderBy('record.created_at', 'ASC')
      .getMany();
  }
}
