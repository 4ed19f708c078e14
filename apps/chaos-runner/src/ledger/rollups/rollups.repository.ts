import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ExplanationWindow } from '../explanation-windows';
import type { LedgerMetricFamilies } from '../ledger-metric-families';
import { explanationScopes } from './explained-alerts';
import { backfillShortAlerts } from './rollup-backfill';
import { rollupFamilies } from './rollup-families';
import { LEDGER_LOCK_CLASS, NOISE_LOCK } from './rollup-keys';
import { readRollups } from './rollup-reads';
import { SettledExplanations } from './settled-explanations';

export interface RollupRead {
  now: Date;
  noiseSeconds: number;
  oncallWindowSeconds: number;
  /** The explanation windows from `from` to `now`; a rejection makes noise unknown. */
  windows(from: Date): Promise<ExplanationWindow[]>;
}

/** The ledger's roll-ups as the metrics read them, and the recount of short alerts for a new noise time. */
@Injectable()
export class RollupsRepository {
  private readonly settled = new SettledExplanations();

  constructor(private readonly dataSource: DataSource) {}

  /** Every family from one snapshot of the roll-ups, so a write landing meanwhile is in all of them or none. */
  families(read: RollupRead): Promise<LedgerMetricFamilies> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const since = new Date(read.now.getTime() - read.oncallWindowSeconds * 1000);
      const snapshot = await readRollups(manager, since);
      let explained = null;
      if (snapshot.noiseSeconds === read.noiseSeconds) {
        const windows =
          snapshot.firstShortHour === null ? [] : await read.windows(snapshot.firstShortHour).catch(() => null);
        if (windows !== null) {
          explained = await this.settled.count(manager, explanationScopes(windows), read.noiseSeconds, read.now);
        }
      }
      return rollupFamilies(snapshot, explained);
    });
  }

  /**
   * Counts the short alerts again when they were counted for another noise time (the runner's setting
   * changed): once, at start-up, reading the whole ledger, while writers wait.
   */
  async recountNoise(noiseSeconds: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`select pg_advisory_xact_lock($1, $2)`, [LEDGER_LOCK_CLASS, NOISE_LOCK]);
      const [state] = (await manager.query(`select noise_seconds from ledger_noise_state`)) as Array<{
        noise_seconds: number;
      }>;
      if (state?.noise_seconds === noiseSeconds) return false;
      await backfillShortAlerts(manager, noiseSeconds);
      return true;
    });
  }
}
