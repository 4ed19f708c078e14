import { DataSource } from 'typeorm';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '../auth/persistence';
import { EXPERIMENT_ENTITIES, EXPERIMENT_MIGRATIONS } from '../experiments/persistence';
import { LEDGER_ENTITIES, LEDGER_MIGRATIONS } from '../ledger/persistence';

/** Every table of the runner: experiments and their records, the alert ledger, the audit log. */
export const RUNNER_ENTITIES = [...EXPERIMENT_ENTITIES, ...LEDGER_ENTITIES, ...AUTH_ENTITIES];
export const RUNNER_MIGRATIONS = [...EXPERIMENT_MIGRATIONS, ...LEDGER_MIGRATIONS, ...AUTH_MIGRATIONS];

export function createRunnerDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: RUNNER_ENTITIES,
    migrations: RUNNER_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? 'scale-chaos-runner',
    extra: {
      max: options.poolSize ?? 10,
      // A dead server must fail queries fast: the runner has faults to revert and cannot hang on it.
      connectionTimeoutMillis: 5_000,
      query_timeout: 30_000,
      keepAlive: true,
    },
  });
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_246_002;

/** Applies pending migrations under an advisory lock, so two runners starting at once take turns. */
export async function migrateRunner(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
