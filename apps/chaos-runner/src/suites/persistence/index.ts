import { SuiteRuns1765300000000 } from './migrations/1765300000000-suite-runs';
import { SuiteRunRow } from './suite-run.entity';

export { SuiteRunRow };
export const SUITE_ENTITIES = [SuiteRunRow];
export const SUITE_MIGRATIONS = [SuiteRuns1765300000000];
