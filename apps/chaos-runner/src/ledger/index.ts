export { LedgerModule } from './ledger.module';
export type { LedgerModuleOptions } from './ledger-options';
export { DEFAULT_NOISE_SECONDS } from './ledger-options';
export { LedgerService } from './ledger.service';
export { EXPLANATION_WINDOWS, NO_EXPLANATION_WINDOWS } from './explanation-windows';
export type { ExplanationWindow, ExplanationWindows } from './explanation-windows';
export { LEDGER_ENTITIES, LEDGER_MIGRATIONS, LedgerAlertEntity } from './persistence';
