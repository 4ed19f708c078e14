import type { LoadFigures } from './load';
import type { PacedFigures } from './paced';
import type { FormTimes, SearchBenchResult, SearchPlanFigures } from './search';

const ms = (value: number) => ` ${(value < 10 ? value.toFixed(2) : value.toFixed(1)).padStart(7)}`;

function line(label: string, figures: LoadFigures): string {
  const { latency: l } = figures;
  return (
    `${label.padEnd(40)}${figures.reqPerSec.toFixed(0).padStart(7)}${ms(l.p50)}${ms(l.p90)}${ms(l.p99)}${ms(l.max)}` +
    `${String(figures.non2xx + figures.errors).padStart(8)}`
  );
}

function planLines(label: string, figures: SearchPlanFigures): string[] {
  return Object.entries(figures.plans).map(([form, scans]) => `  ${label}, ${form}: ${scans.join(' + ')}`);
}

/** The search phases, with the trigram indexes beside the plan without them, from the same run. */
export function searchReport(result: SearchBenchResult, slowMs: number): string[] {
  const { indexed, scanned, identical } = result;
  const rate = (figures: PacedFigures) => `@ ${figures.rate} req/s fixed`;
  const lines = [
    '',
    `search: GET /api/songs?q= over ${result.queries} searches (whole titles, noun and number, number, two words)`,
    'phase                                     req/s   p50 ms   p90 ms   p99 ms   max ms  errors',
    line(`e. trigram indexes ${rate(indexed.fixedRate)}`, indexed.fixedRate),
    line('f. trigram indexes, max (closed)', indexed.max),
  ];
  if (scanned) {
    lines.push(
      line(`g. no index (ILIKE scan) ${rate(scanned.fixedRate)}`, scanned.fixedRate),
      line('h. no index, max (closed)', scanned.max),
    );
  }
  lines.push(
    `  e/g: latency from each request's due time (open loop); from its send time p99 ` +
      `${indexed.fixedRate.serviceLatency.p99.toFixed(2)} ms${scanned ? ` / ${scanned.fixedRate.serviceLatency.p99.toFixed(1)} ms` : ''}`,
    ...planLines('plan with indexes', indexed),
    ...(scanned
      ? planLines('plan without', scanned)
      : ['  (no baseline: the indexes are only dropped in a database the bench started)']),
  );
  const times = (label: string, byForm: FormTimes) =>
    `  one search at a time, median ms, ${label}: ` +
    Object.entries(byForm)
      .map(([form, value]) => `${form} ${value.toFixed(2)}`)
      .join(', ');
  lines.push(times('with indexes', result.oneAtATime.indexed));
  if (result.oneAtATime.scanned) lines.push(times('without', result.oneAtATime.scanned));
  if (identical) {
    lines.push(
      `  answers identical with and without the indexes: ${identical.identical} of ${identical.checked} searches ` +
        `(${identical.nonEmpty} non-empty)`,
    );
  }
  const p99 = indexed.fixedRate.latency.p99;
  const sustained = indexed.fixedRate.non2xx + indexed.fixedRate.errors === 0;
  lines.push(
    `bar: search at ${indexed.fixedRate.rate} req/s with p99 ≤ ${slowMs} ms, no errors → ` +
      `${p99 <= slowMs && sustained ? 'met' : 'NOT MET'} (p99 ${p99.toFixed(2)} ms)`,
  );
  return lines;
}
