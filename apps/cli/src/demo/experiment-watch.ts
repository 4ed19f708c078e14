import { groupQuery, type ExperimentDocument } from '@scale/chaos';
import type { ExperimentDetail } from '../../../chaos-runner/src/experiments/experiment-views';
import type { ProgressLine } from '../progress/progress-line';
import type { PrometheusClient } from '../../../chaos-runner/src/probes/prometheus-client';
import { firstValue } from './group-figures';
import { isTerminal, type RunnerClient } from './runner-client';

/** A steady-state probe's value now, in each group. */
export interface ProbeReading {
  readonly name: string;
  readonly control: number | null;
  readonly experiment: number | null;
}

/**
 * Follows an experiment until it ends, showing its phase, the fault's time against its duration, the
 * probes of both groups and the alerts firing, on one progress line.
 */
export async function watchExperiment(
  runner: RunnerClient,
  id: string,
  prometheus: PrometheusClient,
  line: ProgressLine,
  timeoutMs: number,
): Promise<ExperimentDetail> {
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const detail = await runner.get(id);
      if (isTerminal(detail.status)) return detail;
      if (Date.now() > deadline) throw new Error(`experiment ${id} still ${detail.status} after ${timeoutMs / 1000} s`);
      // Prometheus being unreachable is the experiment's business (an abort condition), not the watcher's.
      const [probes, firing] = await Promise.all([
        probeReadings(prometheus, detail.document),
        firingAlerts(prometheus),
      ]).catch(() => [[], []] as [ProbeReading[], string[]]);
      line.update(`  ${progressText(detail, Date.now(), probes, firing)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    line.end();
  }
}

/** `running · fault 45 s / 60 s · API p95 latency ctl 0.021 exp 0.08 · firing: ContainerCpuThrottled (experiment)` */
export function progressText(
  detail: ExperimentDetail,
  now: number,
  probes: readonly ProbeReading[],
  firing: readonly string[],
): string {
  const since = (iso: string) => Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const clock = detail.injectedAt
    ? `fault ${since(detail.injectedAt)} s / ${detail.document.durationSeconds} s`
    : `${since(detail.startedAt ?? detail.createdAt)} s`;
  const readings = probes.map(
    ({ name, control, experiment }) => `${name} ctl ${formatValue(control)} exp ${formatValue(experiment)}`,
  );
  return [detail.status, clock, ...readings, `firing: ${firing.length > 0 ? firing.join(', ') : 'none'}`].join(' · ');
}

function formatValue(value: number | null): string {
  return value === null ? '-' : String(Number(value.toPrecision(3)));
}

async function probeReadings(prometheus: PrometheusClient, document: ExperimentDocument): Promise<ProbeReading[]> {
  return Promise.all(
    document.steadyState.probes.map(async ({ name, query }) => {
      const [control, experiment] = await Promise.all([
        firstValue(prometheus, groupQuery(query, 'control')),
        firstValue(prometheus, groupQuery(query, 'experiment')),
      ]);
      return { name, control, experiment };
    }),
  );
}

/** `AlertName (group)` of every alert firing now, once each. */
async function firingAlerts(prometheus: PrometheusClient): Promise<string[]> {
  const series = await prometheus.instant('ALERTS{alertstate="firing"}');
  const names = series.map(({ labels }) => `${labels.alertname}${labels.group ? ` (${labels.group})` : ''}`);
  return [...new Set(names)].sort();
}
