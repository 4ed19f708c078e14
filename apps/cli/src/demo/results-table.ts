import { DETECTION_PARTS } from '@scale/chaos';
import type { ExperimentDetail } from '../../../chaos-runner/src/experiments/experiment-views';
import type { GroupFigures } from './group-figures';

export interface SuiteResult {
  readonly detail: ExperimentDetail;
  readonly control: GroupFigures;
  readonly experiment: GroupFigures;
}

const seconds = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : `${value.toFixed(1)} s`;
const millis = (value: number | null) => (value === null ? '-' : `${(value * 1000).toFixed(1)} ms`);
const count = (value: number | null) => (value === null ? '-' : String(Math.round(value)));

/**
 * One line per detection, part by part beside its floor's, after the table: where each fault's MTTD
 * went, e.g. `container-kill ProcessRestarts 2.9 s (floor 5.1 s): effect 0.1/0.1 · scrape 1.3/2.0 · ...`.
 */
export function detectionLines(results: readonly SuiteResult[]): string {
  const lines = results.flatMap(({ detail }) =>
    (detail.verdict?.detection ?? [])
      .filter((result) => result.breakdown)
      .map((result) => {
        const parts = DETECTION_PARTS.map(
          (part) => `${part} ${figure(result.breakdown?.[part])}/${figure(result.floor?.[part])}`,
        );
        return `${detail.faultKind} ${result.alertname} ${seconds(result.mttdSeconds)} (floor ${seconds(result.floor?.total)}): ${parts.join(' · ')}`;
      }),
  );
  return lines.length > 0 ? `\nDetection, measured/floor in seconds:\n${lines.join('\n')}\n` : '';
}

const figure = (value: number | null | undefined) => (value === null || value === undefined ? '-' : value.toFixed(1));

/** One line per experiment: what a person wants to know first, the report has the rest. */
export function resultsTable(results: readonly SuiteResult[]): string {
  const header = [
    'fault',
    'status',
    'hypothesis',
    'MTTD (floor)',
    'largest part',
    'MTTR',
    'recovery',
    '5xx ctl/exp',
    'p99 ctl/exp',
    'integrity',
  ];
  const rows = results.map(({ detail, control, experiment }) => {
    const verdict = detail.verdict;
    const fastest = verdict?.detection
      .filter((result) => result.detected)
      .sort((a, b) => (a.mttdSeconds ?? 0) - (b.mttdSeconds ?? 0))[0];
    const mttd = verdict
      ? fastest
        ? `${seconds(fastest.mttdSeconds)} (${seconds(fastest.floor?.total ?? verdict.detectionFloorSeconds)})`
        : verdict.detection.length
          ? 'undetected'
          : '-'
      : '-';
    // Where most of that detection's time went (verdicts from before breakdowns have none).
    const largest = fastest?.breakdown?.largest;
    const part = largest ? `${largest} ${seconds(fastest.breakdown?.[largest])}` : '-';
    const integrity = verdict?.integrity as { holds?: boolean } | null | undefined;
    return [
      detail.faultKind,
      detail.status,
      verdict ? `${verdict.hypothesis}${verdict.recovered ? '' : ', not recovered'}` : '-',
      mttd,
      part,
      seconds(verdict?.mttrSeconds),
      seconds(verdict?.recoverySeconds),
      `${count(control.errors)} / ${count(experiment.errors)}`,
      `${millis(control.p99Seconds)} / ${millis(experiment.p99Seconds)}`,
      integrity ? (integrity.holds ? 'holds' : 'BROKEN') : '-',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n';
}
