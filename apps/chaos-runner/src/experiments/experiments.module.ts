import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LedgerRepository } from '../ledger/ledger.repository';
import { PrometheusLocator } from '../probes/prometheus-locator';
import { ALERT_FIRINGS, ledgerFirings } from './alert-firings';
import { ClusterIntegrityCheck } from './cluster-integrity-check';
import { ExperimentEngine } from './experiment-engine';
import { HaltedGauge } from '../halt/halted-gauge';
import { ExperimentReportBuilder } from './experiment-report';
import { ExperimentWindows } from './experiment-windows';
import { ExperimentsRepository } from './experiments.repository';
import { ExperimentsService } from './experiments.service';
import { HaltRepository } from '../halt/halt.repository';
import { HaltService } from '../halt/halt.service';
import { INTEGRITY_CHECK } from './integrity-check';
import { RevertRecordsRepository } from './revert-records.repository';
import { RevertService } from './revert.service';

/**
 * The experiment engine: the lifecycle, its safety rules and its records. Needs the runner's
 * DataSource, CLUSTER_DRIVER, RUNNER_SETTINGS, ENVIRONMENT, LOGGER and METRICS_REGISTRY from global modules.
 */
@Module({
  providers: [
    ExperimentsRepository,
    RevertRecordsRepository,
    HaltRepository,
    RevertService,
    ExperimentEngine,
    ExperimentsService,
    HaltService,
    HaltedGauge,
    ExperimentReportBuilder,
    ExperimentWindows,
    PrometheusLocator,
    // Detection and false alarms come from the alert ledger's table, as Alertmanager reported them.
    {
      provide: ALERT_FIRINGS,
      useFactory: (dataSource: DataSource) => ledgerFirings(new LedgerRepository(dataSource)),
      inject: [DataSource],
    },
    { provide: INTEGRITY_CHECK, useClass: ClusterIntegrityCheck },
  ],
  exports: [ExperimentsService, HaltService, ExperimentWindows],
})
export class ExperimentsModule {}
