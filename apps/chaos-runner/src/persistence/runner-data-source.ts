import type { DataSource } from 'typeorm';
import { createPostgresDataSource, migrateUnderLock } from '@scale/catalog';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '../auth/persistence';
import { EXPERIMENT_ENTITIES, EXPERIMENT_MIGRATIONS } from '../experiments/persistence';
import { LEDGER_ENTITIES, LEDGER_MIGRATIONS } from '../ledger/persistence';
import { SUITE_ENTITIES, SUITE_MIGRATIONS } from '../suites/persistence';

/** Every table of the runner: experiments and their records, the alert ledger, the audit log, suite runs. */
export const RUNNER_ENTITIES = [...EXPERIMENT_ENTITIES, ...LEDGER_ENTITIES, ...AUTH_ENTITIES, ...SUITE_ENTITIES];
export const RUNNER_MIGRATIONS = [
  ...EXPERIMENT_MIGRATIONS,
  ...LEDGER_MIGRATIONS,
  ...AUTH_MIGRATIONS,
  ...SUITE_MIGRATIONS,
];

export function createRunnerDataSource(
  url: string,
  options: { poolSize?: number; applicationName?: string } = {},
): DataSource {
  return createPostgresDataSource(url, {
    poolSize: options.poolSize,
    applicationName: options.applicationName ?? 'scale-chaos-runner',
    entities: RUNNER_ENTITIES,
    migrations: RUNNER_MIGRATIONS,
    // The runner has faults to revert and cannot hang on a slow statement.
    queryTimeoutMs: 30_000,
  });
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_246_002;

/** Applies pending migrations under an advisory lock, so two runners starting at once take turns. */
export function migrateRunner(dataSource: DataSource): Promise<string[]> {
  return migrateUnderLock(dataSource, MIGRATION_LOCK);
}
