import type { ClassProvider, ExistingProvider, FactoryProvider, ModuleMetadata, ValueProvider } from '@nestjs/common';
import type { ExplanationWindows } from './explanation-windows';

type WithoutToken<T> = Omit<T, 'provide'>;

export interface LedgerModuleOptions {
  /** An alert that resolves by itself within this many seconds, unexplained, is noise (default 300). */
  noiseSeconds?: number;
  /** MTTR and MTBF as metrics are over the incidents of this many past days (default 28). */
  oncallWindowDays?: number;
  /**
   * How the ExplanationWindows are made (default: none, nothing explains any alert), e.g.
   * `{ useExisting: ExperimentWindows }` with `imports: [ExperimentsModule]`.
   */
  explanationWindows?:
    | WithoutToken<ValueProvider<ExplanationWindows>>
    | WithoutToken<FactoryProvider<ExplanationWindows>>
    | WithoutToken<ClassProvider<ExplanationWindows>>
    | WithoutToken<ExistingProvider<ExplanationWindows>>;
  /** Modules the explanation windows' provider needs, and AuthModule (the reading routes' guard). */
  imports?: ModuleMetadata['imports'];
  /** The bearer token Alertmanager posts with (RUNNER_WEBHOOK_TOKEN); without one the webhook refuses everything. */
  webhookToken?: string;
}

export interface LedgerSettings {
  readonly noiseSeconds: number;
  readonly oncallWindowDays: number;
  readonly webhookToken: string | null;
}

export const DEFAULT_NOISE_SECONDS = 300;
export const DEFAULT_ONCALL_WINDOW_DAYS = 28;

export const LEDGER_SETTINGS = Symbol('LEDGER_SETTINGS');

export function ledgerSettings(options: LedgerModuleOptions): LedgerSettings {
  const settings = {
    noiseSeconds: options.noiseSeconds ?? DEFAULT_NOISE_SECONDS,
    oncallWindowDays: options.oncallWindowDays ?? DEFAULT_ONCALL_WINDOW_DAYS,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new RangeError(`${name} must be a number greater than 0, got ${value}`);
    }
  }
  return { ...settings, webhookToken: options.webhookToken ?? null };
}
