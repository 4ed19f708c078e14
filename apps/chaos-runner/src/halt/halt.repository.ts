import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { RunnerHaltRow } from '../experiments/persistence';

/** The runner's halts; at most one unreleased at a time (a unique index says so). */
@Injectable()
export class HaltRepository {
  constructor(private readonly dataSource: DataSource) {}

  current(): Promise<RunnerHaltRow | null> {
    return this.dataSource.getRepository(RunnerHaltRow).findOne({ where: { releasedAt: IsNull() } });
  }

  /** Halts unless already halted (the first halt's author and reason stand). */
  async halt(actor: string, reason: string | null): Promise<void> {
    await this.dataSource.query(`insert into runner_halt (halted_by, reason) values ($1, $2) on conflict do nothing`, [
      actor,
      reason,
    ]);
  }

  async release(actor: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `update runner_halt set released_by = $1, released_at = now() where released_at is null`,
      [actor],
    );
    return (result as [unknown, number])[1] > 0;
  }
}
