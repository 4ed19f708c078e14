import type { CpuSample } from '../common/cpu';
import type { ScanRate } from './scan-rate';

export interface PhaseResult {
  readonly seconds: number;
  readonly files: number;
  readonly bytes: number;
  readonly filesPerSec: number;
  readonly mbPerSec: number;
  /** CPU seconds of each process during the phase; N cores give N × seconds in all. */
  readonly cpu: CpuSample;
}

export interface RoundResult {
  readonly round: number;
  readonly order: 'raw first' | 'extractor first';
  readonly raw: PhaseResult;
  readonly extractor: PhaseResult;
  /** Extractor files/s over raw GET files/s of the same round. */
  readonly ratio: number;
}

export interface BenchResult {
  readonly files: number;
  readonly bytes: number;
  readonly workers: number;
  readonly batchSize: number;
  readonly source: string;
  readonly listSeconds: number;
  readonly cores: number;
  /** One-minute load average when the run started: a busy shared machine shows here first. */
  readonly loadAverage: number;
  readonly scanner: ScanRate;
  readonly rounds: readonly RoundResult[];
}

/** The bar: the extractor keeps up with at least this share of what the store can serve. */
export const BAR = 0.8;

export function phase(seconds: number, files: number, bytes: number, cpu: CpuSample): PhaseResult {
  return { seconds, files, bytes, filesPerSec: files / seconds, mbPerSec: bytes / 1e6 / seconds, cpu };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, z) => a - z);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The ratio is the median of the rounds' own ratios, not a ratio of medians: each round's two
 * figures were measured back to back under the same load, which is what makes them comparable.
 */
export function medians(result: BenchResult) {
  const of = (pick: (round: RoundResult) => number) => median(result.rounds.map(pick));
  return {
    rawFilesPerSec: of((r) => r.raw.filesPerSec),
    rawMbPerSec: of((r) => r.raw.mbPerSec),
    extractorFilesPerSec: of((r) => r.extractor.filesPerSec),
    extractorMbPerSec: of((r) => r.extractor.mbPerSec),
    ratio: of((r) => r.ratio),
  };
}

export function jsonReport(result: BenchResult): string {
  return JSON.stringify({ ...result, median: medians(result) });
}

const num = (value: number, width: number, digits = 0) => value.toFixed(digits).padStart(width);
/** Share of one core, per process: bench (the extractor or raw readers) / s3 server / postgres / others. */
const cpuShares = ({ seconds, cpu }: PhaseResult) =>
  [cpu.bench, cpu.s3, cpu.postgres, cpu.others]
    .map((used) => (Number.isFinite(used) ? ((100 * used) / seconds).toFixed(0) : '?'))
    .join('/')
    .padStart(15);

/**
 * CPU per file is steadier than rates on a shared machine, and says what each side costs: on 2
 * cores that are busy, the extractor keeps up only if its total stays near the raw GETs' total.
 */
function cpuPerFile(phases: readonly PhaseResult[]): string {
  const of = (pick: (cpu: CpuSample) => number) => median(phases.map((p) => (1000 * pick(p.cpu)) / p.files));
  const [bench, s3, postgres] = [of((c) => c.bench), of((c) => c.s3), of((c) => c.postgres)];
  const total = [bench, s3, postgres].filter(Number.isFinite).reduce((a, z) => a + z, 0);
  return `${[bench, s3, postgres].map((ms) => (Number.isFinite(ms) ? ms.toFixed(2) : '?')).join('/')} = ${total.toFixed(2)}`;
}

export function humanReport(result: BenchResult): string[] {
  const m = medians(result);
  const lines = [
    `Extractor bench: ${result.files} ${result.source} files, ${(result.bytes / 1e6).toFixed(1)} MB, ` +
      `${result.workers} workers (EXTRACTOR_BATCH_SIZE ${result.batchSize}), ${result.rounds.length} round${result.rounds.length === 1 ? '' : 's'}, local S3 server`,
    '                        ---- raw GET -------------------   ---- extractor end-to-end ------',
    'round  order            files/s   MB/s  CPU% b/s3/pg/oth   files/s   MB/s  CPU% b/s3/pg/oth   ratio',
  ];
  for (const r of result.rounds) {
    lines.push(
      `${num(r.round, 5)}  ${r.order.padEnd(15)}  ${num(r.raw.filesPerSec, 7)} ${num(r.raw.mbPerSec, 6, 2)} ${cpuShares(r.raw)}` +
        `   ${num(r.extractor.filesPerSec, 7)} ${num(r.extractor.mbPerSec, 6, 2)} ${cpuShares(r.extractor)}   ${num(r.ratio, 5, 2)}`,
    );
  }
  lines.push(
    `median                  ${num(m.rawFilesPerSec, 7)} ${num(m.rawMbPerSec, 6, 2)} ${''.padStart(15)}` +
      `   ${num(m.extractorFilesPerSec, 7)} ${num(m.extractorMbPerSec, 6, 2)} ${''.padStart(15)}   ${num(m.ratio, 5, 2)}`,
    `bar: extractor files/s ≥ ${BAR.toFixed(2)} × raw GET files/s → ${m.ratio >= BAR ? 'met' : 'not met'} (median ratio ${m.ratio.toFixed(2)})`,
    `  CPU% per process, 100 = one core of ${result.cores}: b = this process (raw readers, or the whole extractor), ` +
      `s3 = the S3 server, pg = Postgres, oth = everything else on the machine (noise); load average at start ${result.loadAverage.toFixed(2)}`,
    `  CPU ms per file, median (b/s3/pg): raw GET ${cpuPerFile(result.rounds.map((r) => r.raw))}, extractor ${cpuPerFile(result.rounds.map((r) => r.extractor))}`,
    `  the extractor's time includes start-up, listing and enqueueing ${result.files} keys; one listing alone took ${result.listSeconds.toFixed(2)} s`,
    `scanner only, in-process (scanMidi, no I/O): ${result.scanner.filesPerSec.toFixed(0)} files/s, ${result.scanner.mbPerSec.toFixed(1)} MB/s`,
  );
  return lines;
}
