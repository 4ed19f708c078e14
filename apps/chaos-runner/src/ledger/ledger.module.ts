import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { EXPLANATION_WINDOWS, NO_EXPLANATION_WINDOWS } from './explanation-windows';
import { AlertmanagerWebhookController } from './alertmanager-webhook.controller';
import { AlertsController } from './alerts.controller';
import { LedgerMetrics } from './ledger-metrics';
import { LEDGER_SETTINGS, ledgerSettings, type LedgerModuleOptions } from './ledger-options';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { RollupsRepository } from './rollups/rollups.repository';

/**
 * The alert ledger: Alertmanager's webhook, the alerts and on-call statistics over HTTP, and the
 * ledger's series on the app's metrics registry. Needs a TypeORM DataSource with LEDGER_ENTITIES and
 * LEDGER_MIGRATIONS applied, the app's METRICS_REGISTRY (MetricsModule), and the bearer-token guard
 * of the runner's HTTP layer (AuthModule, in `imports` unless global) for the reading routes.
 */
@Module({})
export class LedgerModule {
  static forRoot(options: LedgerModuleOptions = {}): DynamicModule {
    const windows = {
      provide: EXPLANATION_WINDOWS,
      ...(options.explanationWindows ?? { useValue: NO_EXPLANATION_WINDOWS }),
    } as Provider;
    return {
      module: LedgerModule,
      imports: options.imports ?? [],
      controllers: [AlertmanagerWebhookController, AlertsController],
      providers: [
        { provide: LEDGER_SETTINGS, useValue: ledgerSettings(options) },
        windows,
        LedgerRepository,
        RollupsRepository,
        LedgerService,
        LedgerMetrics,
      ],
      exports: [LedgerService],
    };
  }
}
