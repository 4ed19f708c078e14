import { Measurement } from './timing';
import type { Agreement } from './agreement';

export interface BenchRun {
  readonly files: number;
  readonly bytes: number;
  readonly invalid: number;
  readonly results: readonly Measurement[];
  readonly agreement: Agreement;
  /** Names of the files, for pointing at disagreements. */
  readonly names: readonly string[];
}

/** Four significant digits: more would be noise, and a slow result never rounds to zero. */
function significant(value: number): number {
  return Number(value.toPrecision(4));
}

export function jsonReport(run: BenchRun): string {
  return JSON.stringify({
    files: run.files,
    bytes: run.bytes,
    results: run.results.map((r) => ({
      name: r.name,
      filesPerSec: significant(r.filesPerSec),
      mbPerSec: significant(r.mbPerSec),
    })),
    identicalToReference: run.agreement.identical,
    differingFromReference: run.agreement.differing.map((index) => run.names[index]),
  });
}

function rate(value: number): string {
  return value.toLocaleString('en-US', {
    maximumFractionDigits: value >= 100 ? 0 : 1,
    minimumFractionDigits: value >= 100 ? 0 : 1,
  });
}

function ratio(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** A table aligned on its columns, then how many times faster the first extractor is than each other. */
export function humanReport(run: BenchRun): string[] {
  const header = ['extractor', 'files/s', 'MB/s', 'passes'];
  const rows = run.results.map((r) => [r.name, rate(r.filesPerSec), r.mbPerSec.toFixed(2), String(r.passes)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');

  const [production, ...baselines] = run.results;
  const invalid = run.invalid === 0 ? '' : `, ${run.invalid} refused by the scanner`;
  return [
    `${run.files} files, ${(run.bytes / 1e6).toFixed(2)} MB${invalid}`,
    line(header),
    ...rows.map(line),
    `${production.name} is ${baselines.map((b) => `${ratio(production.filesPerSec / b.filesPerSec)}x ${b.name}`).join(', ')}`,
    `results identical to the midi-file reference on ${run.agreement.identical} of ${run.files} files`,
    ...run.agreement.differing.slice(0, 10).map((index) => `  differs: ${run.names[index]}`),
  ];
}
