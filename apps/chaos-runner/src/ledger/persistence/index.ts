import { LedgerAlertEntity } from './alert.entity';
import { AlertLedger1765100000000 } from './migrations/1765100000000-alert-ledger';
import { LedgerRollups1765400000000 } from './migrations/1765400000000-ledger-rollups';
import { LedgerSettledChanges1765500000000 } from './migrations/1765500000000-ledger-settled-changes';

export { LedgerAlertEntity } from './alert.entity';
export const LEDGER_ENTITIES = [LedgerAlertEntity];
export const LEDGER_MIGRATIONS = [
  AlertLedger1765100000000,
  LedgerRollups1765400000000,
  LedgerSettledChanges1765500000000,
];
