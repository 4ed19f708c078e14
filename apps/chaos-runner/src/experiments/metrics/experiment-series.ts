import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { METRICS_REGISTRY, registerComputedFamilies, type ComputedFamily } from '@scale/telemetry';
import type { Registry } from 'prom-client';
import { experimentMetricFamilies, latestCompleted, type ExperimentMetricFamilies } from './experiment-metric-families';
import { ExperimentRecordsRepository } from './experiment-records.repository';

type FamilyName = keyof ExperimentMetricFamilies;

/**
 * The series' names and labels. `service`, `group` and `zone` on the runner's series name the runner
 * itself (Prometheus sets them from the scrape target), so the group a fault hits is `target_group`.
 */
export const EXPERIMENT_SERIES: ReadonlyArray<ComputedFamily<FamilyName> & { type: 'counter' | 'gauge' }> = [
  {
    family: 'experimentsTotal',
    name: 'scale_experiments_total',
    type: 'counter',
    help: 'Experiments that ended, by the group the fault hit, fault kind and final status (completed, aborted, failed, refused).',
  },
  {
    family: 'running',
    name: 'scale_experiments_running',
    type: 'gauge',
    help: 'Experiments under way, by the group the fault hits and fault kind.',
  },
  {
    family: 'verdictsTotal',
    name: 'scale_experiment_verdicts_total',
    type: 'counter',
    help: 'Verdicts of experiments that injected their fault, by fault kind and whether the steady-state hypothesis held, deviated or could not be evaluated.',
  },
  {
    family: 'notRecoveredTotal',
    name: 'scale_experiment_not_recovered_total',
    type: 'counter',
    help: 'Experiments after which steady state did not come back within the recovery timeout, by fault kind.',
  },
  {
    family: 'mttd',
    name: 'scale_experiment_mttd_seconds',
    type: 'gauge',
    help: 'Injection to the first firing of each expected alert in the experiment group, in the most recent completed experiment of each fault kind; absent for an alert that did not fire.',
  },
  {
    family: 'detectionFloor',
    name: 'scale_experiment_detection_floor_seconds',
    type: 'gauge',
    help: "The earliest each expected alert could have fired (scrape interval + evaluation interval + the rule's for), in the most recent completed experiment of each fault kind.",
  },
  {
    family: 'undetectedTotal',
    name: 'scale_experiment_undetected_total',
    type: 'counter',
    help: 'Expected alerts that never fired for an injected fault, by fault kind and alert name.',
  },
  {
    family: 'falseAlarmsTotal',
    name: 'scale_experiment_false_alarms_total',
    type: 'counter',
    help: 'Alerts that fired in the control group during an experiment, by fault kind.',
  },
  {
    family: 'recovery',
    name: 'scale_experiment_recovery_seconds',
    type: 'gauge',
    help: 'Injection to steady state back, in the most recent completed experiment of each fault kind that recovered.',
  },
  {
    family: 'eventTimestamps',
    name: 'scale_experiment_event_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time at which each of the 50 newest experiments started, injected its fault, was detected, recovered and ended, for annotations.',
  },
];

/**
 * The experiments' series, computed from the database when Prometheus scrapes, so they hold across
 * restarts and count every run the runner recorded. Every family shares one read per scrape; a read
 * that fails or hangs leaves the families empty (unknown) for that scrape.
 */
@Injectable()
export class ExperimentSeries implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly records: ExperimentRecordsRepository,
  ) {}

  onModuleInit(): void {
    registerComputedFamilies(this.registry, EXPERIMENT_SERIES, () => this.compute());
  }

  private async compute(): Promise<ExperimentMetricFamilies> {
    const records = await this.records.all();
    const floors = await this.records.alertFloors(latestCompleted(records).map((record) => record.id));
    return experimentMetricFamilies(records, floors);
  }
}
