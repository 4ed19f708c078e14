import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@scale/observability';
import { Counter, Gauge, type Registry } from 'prom-client';

export type ExperimentEvent = 'start' | 'injection' | 'detection' | 'recovery' | 'end';

/**
 * What the Chaos experiments dashboard draws: runs by fault and outcome, the one under way, and the
 * moment of each lifecycle event (annotations come from these timestamps changing), with the last
 * run's detection and recovery times.
 */
@Injectable()
export class ExperimentMetrics {
  private readonly outcomes: Counter<'fault_kind' | 'status'>;
  private readonly running: Gauge<'fault_kind'>;
  private readonly events: Gauge<'fault_kind' | 'event'>;
  private readonly mttd: Gauge<'fault_kind'>;
  private readonly recovery: Gauge<'fault_kind'>;
  private readonly halted: Gauge;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.outcomes = new Counter({
      name: 'scale_chaos_experiments_total',
      help: 'Experiments that ended, by fault kind and final status (completed, aborted, failed, refused).',
      labelNames: ['fault_kind', 'status'],
      registers: [registry],
    });
    this.running = new Gauge({ name: 'scale_chaos_experiment_running', help: '1 while an experiment of this fault kind is under way.', labelNames: ['fault_kind'], registers: [registry] });
    this.events = new Gauge({
      name: 'scale_chaos_experiment_event_timestamp_seconds',
      help: 'When the latest experiment of this fault kind reached each lifecycle event (start, injection, detection, recovery, end).',
      labelNames: ['fault_kind', 'event'],
      registers: [registry],
    });
    this.mttd = new Gauge({ name: 'scale_chaos_experiment_mttd_seconds', help: 'Injection to the first expected alert, in the latest experiment of this fault kind that detected it.', labelNames: ['fault_kind'], registers: [registry] });
    this.recovery = new Gauge({ name: 'scale_chaos_experiment_recovery_seconds', help: 'Injection to steady state back, in the latest experiment of this fault kind that recovered.', labelNames: ['fault_kind'], registers: [registry] });
    this.halted = new Gauge({ name: 'scale_chaos_runner_halted', help: '1 while the runner is halted.', registers: [registry] });
  }

  event(faultKind: string, event: ExperimentEvent, at: Date = new Date()): void {
    this.events.set({ fault_kind: faultKind, event }, at.getTime() / 1000);
    if (event === 'start') this.running.set({ fault_kind: faultKind }, 1);
  }

  ended(faultKind: string, status: string, measured: { mttdSeconds: number | null; recoverySeconds: number | null }): void {
    this.running.set({ fault_kind: faultKind }, 0);
    this.outcomes.inc({ fault_kind: faultKind, status });
    if (measured.mttdSeconds !== null) this.mttd.set({ fault_kind: faultKind }, measured.mttdSeconds);
    if (measured.recoverySeconds !== null) this.recovery.set({ fault_kind: faultKind }, measured.recoverySeconds);
  }

  haltedNow(halted: boolean): void {
    this.halted.set(halted ? 1 : 0);
  }
}
