import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@scale/telemetry';
import { Gauge, type Registry } from 'prom-client';

/**
 * Whether the runner is halted, set as it happens. Everything about the experiments themselves is
 * read from the database at scrape time (see experiments/metrics/), so it survives a restart.
 */
@Injectable()
export class HaltedGauge {
  private readonly halted: Gauge;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.halted = new Gauge({
      name: 'scale_chaos_runner_halted',
      help: '1 while the runner is halted.',
      registers: [registry],
    });
  }

  set(halted: boolean): void {
    this.halted.set(halted ? 1 : 0);
  }
}
