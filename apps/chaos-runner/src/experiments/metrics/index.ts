export { ExperimentMetricsModule } from './experiment-metrics.module';
