import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { METRICS_REGISTRY, registerComputedFamilies, type ComputedFamily } from '@scale/telemetry';
import type { Registry } from 'prom-client';
import { EXPLANATION_WINDOWS, type ExplanationWindows } from './explanation-windows';
import type { LedgerMetricFamilies } from './ledger-metric-families';
import { LEDGER_SETTINGS, type LedgerSettings } from './ledger-options';
import { RollupsRepository } from './rollups/rollups.repository';

type FamilyName = keyof LedgerMetricFamilies;

const FAMILIES: ReadonlyArray<ComputedFamily<FamilyName>> = [
  {
    family: 'alertsTotal',
    name: 'scale_ledger_alerts_total',
    type: 'counter',
    help: "Alert occurrences recorded by the alert ledger, by alert name, the alert's service and group, severity and SEV level.",
  },
  {
    family: 'alertsFiring',
    name: 'scale_ledger_alerts_firing',
    type: 'gauge',
    help: 'Alert occurrences firing now according to the alert ledger.',
  },
  {
    family: 'timeToResolve',
    name: 'scale_ledger_time_to_resolve_seconds',
    type: 'histogram',
    help: "Time from firing to resolution of the resolved alert occurrences, by the alert's service and group.",
  },
  {
    family: 'noisyTotal',
    name: 'scale_ledger_noisy_alerts_total',
    type: 'counter',
    help: 'Alert occurrences that resolved by themselves within the noise time with no experiment or action window behind them.',
  },
  {
    family: 'incidentsTotal',
    name: 'scale_incidents_total',
    type: 'counter',
    help: "Incidents (overlapping alerts of one service and group merged) by the alert's service and group and SEV level of the most severe alert.",
  },
  {
    family: 'mttr',
    name: 'scale_oncall_mttr_seconds',
    type: 'gauge',
    help: "Mean time to resolve the incidents of the on-call window, by the alert's service and group.",
  },
  {
    family: 'mtbf',
    name: 'scale_oncall_mtbf_seconds',
    type: 'gauge',
    help: "Mean time between failures (from a resolution to the next incident) over the on-call window, by the alert's service and group.",
  },
];

/**
 * The ledger's series, computed from the database when Prometheus scrapes, so they hold across
 * restarts and count what the ledger holds rather than what this process saw. They are read from the
 * roll-ups every write keeps, so a scrape costs the same however long the ledger; a read that fails
 * or hangs leaves the families empty (unknown) for that scrape.
 */
@Injectable()
export class LedgerMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly rollups: RollupsRepository,
    @Inject(EXPLANATION_WINDOWS) private readonly explanations: ExplanationWindows,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rollups.recountNoise(this.settings.noiseSeconds);
    registerComputedFamilies(this.registry, FAMILIES, () => this.compute());
  }

  private compute(): Promise<LedgerMetricFamilies> {
    const now = new Date();
    return this.rollups.families({
      now,
      noiseSeconds: this.settings.noiseSeconds,
      oncallWindowSeconds: this.settings.oncallWindowDays * 86_400,
      windows: (from) => this.explanations.windows(from, now),
    });
  }
}
