import type { LoadFigures } from './load';
import type { PacedFigures } from './paced';
import { failureLines } from './report';
import type { FormTimes, SearchBenchResult } from './search';

const ms = (value: number) => ` ${(value < 10 ? value.toFixed(2) : value.toFixed(1)).padStart(7)}`;
const mib = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} MiB` : '?');

function line(label: string, figures: LoadFigures): string {
  const { latency: l } = figures;
  return (
    `${label.padEnd(40)}${figures.reqPerSec.toFixed(0).padStart(7)}${ms(l.p50)}${ms(l.p90)}${ms(l.p99)}${ms(l.max)}` +
    `${String(figures.non2xx + figures.errors).padStart(8)}`
  );
}

/** The search phases, the in-memory title index beside SQL with its trigram indexes, from the same run. */
export function searchReport(result: SearchBenchResult, slowMs: number): string[] {
  const { memory, sql, identical, rssMiB } = result;
  const rate = (figures: PacedFigures) => `@ ${figures.rate} req/s fixed`;
  const times = (label: string, byForm: FormTimes) =>
    `  one search at a time, median ms, ${label}: ` +
    Object.entries(byForm)
      .map(([form, value]) => `${form} ${value.toFixed(2)}`)
      .join(', ');
  const p99 = memory.fixedRate.latency.p99;
  const sustained = memory.fixedRate.non2xx + memory.fixedRate.errors === 0;
  return [
    '',
    `search: GET /api/songs?q= over ${result.queries} searches (whole titles, noun and number, number, two words)`,
    'phase                                     req/s   p50 ms   p90 ms   p99 ms   max ms  errors',
    line(`e. in-memory index ${rate(memory.fixedRate)}`, memory.fixedRate),
    line('f. in-memory index, max (closed)', memory.max),
    line(`g. SQL, trigram indexes ${rate(sql.fixedRate)}`, sql.fixedRate),
    line('h. SQL, trigram indexes, max (closed)', sql.max),
    `  e/g: latency from each request's due time (open loop); from its send time p99 ` +
      `${memory.fixedRate.serviceLatency.p99.toFixed(2)} ms / ${sql.fixedRate.serviceLatency.p99.toFixed(1)} ms; ` +
      `g's requests are sent over ${result.sqlSendSeconds} s only, its backlog draining after`,
    ...failureLines([
      ['e', memory.fixedRate],
      ['g', sql.fixedRate],
    ]),
    ...Object.entries(result.plans).map(([form, scans]) => `  SQL plan, ${form}: ${scans.join(' + ')}`),
    times('in memory', result.oneAtATime.memory),
    times('SQL', result.oneAtATime.sql),
    `  answers identical in memory and in SQL: ${identical.identical} of ${identical.checked} searches ` +
      `(${identical.nonEmpty} non-empty)`,
    `  API resident memory when ready: ${mib(rssMiB.memory.ready)} with the title index, ` +
      `${mib(rssMiB.sql.ready)} without (TITLE_SEARCH=sql); after the search phases ` +
      `${mib(rssMiB.memory.afterSearch)} / ${mib(rssMiB.sql.afterSearch)}`,
    `bar: search at ${memory.fixedRate.rate} req/s with p99 ≤ ${slowMs} ms, no errors → ` +
      `${p99 <= slowMs && sustained ? 'met' : 'NOT MET'} (p99 ${p99.toFixed(2)} ms)`,
  ];
}
