import { Module } from '@nestjs/common';
import { ExperimentRecordsRepository } from './experiment-records.repository';
import { ExperimentSeries } from './experiment-series';

/**
 * The experiments' series on the app's metrics registry, for the Chaos experiments dashboard: runs by
 * fault and outcome, detection and recovery beside their floors, and the lifecycle events its
 * annotations come from. Exports nothing; needs the app's METRICS_REGISTRY (MetricsModule) and a
 * TypeORM DataSource with the experiments' tables (the runner's database module), both global.
 */
@Module({ providers: [ExperimentRecordsRepository, ExperimentSeries] })
export class ExperimentMetricsModule {}
