import { Experiments1765000000000 } from '../../../migrations/1765000000000-experiments';
import { ExperimentRow } from './experiment.entity';
import { JournalRow } from './journal-entry.entity';
import { RevertRecordRow } from './revert-record.entity';
import { RunnerHaltRow } from './runner-halt.entity';

export { ExperimentRow, JournalRow, RevertRecordRow, RunnerHaltRow };
export const EXPERIMENT_ENTITIES = [ExperimentRow, JournalRow, RevertRecordRow, RunnerHaltRow];
export const EXPERIMENT_MIGRATIONS = [Experiments1765000000000];
