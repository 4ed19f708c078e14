import { Extractor } from './extractors';

export interface Measurement {
  readonly name: string;
  readonly passes: number;
  readonly seconds: number;
  readonly filesPerSec: number;
  readonly mbPerSec: number;
}

/** Warm-up lets the JIT settle before timing: a quarter of the budget, at most half a second. */
const MAX_WARMUP_SECONDS = 0.5;

/**
 * Where a measurement stands: its first pass file by file (it only computes the checksum), then the
 * warm-up, then the timed passes, told between passes only (a slow extractor's pass can take minutes).
 */
export type MeasureStage =
  | { readonly stage: 'checksum'; readonly files: number }
  | { readonly stage: 'warm-up' }
  | { readonly stage: 'timed'; readonly passes: number; readonly seconds: number };

/** How often `measure` tells its timed passes: a bigint comparison per pass costs nothing. */
const PROGRESS_EVERY_NS = 250_000_000n;

/** A plain indexed loop: no iterator or closure per file, only what the extractor itself allocates. */
function pass(run: Extractor['run'], files: readonly Uint8Array[]): number {
  let sum = 0;
  for (let i = 0; i < files.length; i++) sum += run(files[i]);
  return sum;
}

/** The first pass, untimed, telling each file done. */
function checksumPass(run: Extractor['run'], files: readonly Uint8Array[], onFile: (files: number) => void): number {
  let sum = 0;
  for (let i = 0; i < files.length; i++) {
    sum += run(files[i]);
    onFile(i + 1);
  }
  return sum;
}

function checkedPass(extractor: Extractor, files: readonly Uint8Array[], expected: number): void {
  const sum = pass(extractor.run, files);
  if (sum !== expected) throw new Error(`${extractor.name} gave checksum ${sum} after ${expected}: not deterministic`);
}

function nanoseconds(seconds: number): bigint {
  return BigInt(Math.round(seconds * 1e9));
}

/**
 * Full passes over every file until `seconds` have gone by (at least one). The clock is read once per
 * pass, not per file, so its cost and resolution do not weigh on small files; `onProgress` hears of
 * the timed passes at most four times a second.
 */
export function measure(
  extractor: Extractor,
  files: readonly Uint8Array[],
  bytes: number,
  seconds: number,
  onProgress?: (stage: MeasureStage) => void,
): Measurement {
  const expected = onProgress
    ? checksumPass(extractor.run, files, (done) => onProgress({ stage: 'checksum', files: done }))
    : pass(extractor.run, files);
  onProgress?.({ stage: 'warm-up' });
  const warmup = nanoseconds(Math.min(MAX_WARMUP_SECONDS, seconds / 4));
  const warmupStart = process.hrtime.bigint();
  while (process.hrtime.bigint() - warmupStart < warmup) checkedPass(extractor, files, expected);

  const budget = nanoseconds(seconds);
  const start = process.hrtime.bigint();
  let passes = 0;
  let elapsed = 0n;
  let nextProgress = PROGRESS_EVERY_NS;
  do {
    checkedPass(extractor, files, expected);
    passes++;
    elapsed = process.hrtime.bigint() - start;
    if (onProgress && elapsed >= nextProgress) {
      onProgress({ stage: 'timed', passes, seconds: Number(elapsed) / 1e9 });
      nextProgress = elapsed + PROGRESS_EVERY_NS;
    }
  } while (elapsed < budget);

  const elapsedSeconds = Number(elapsed) / 1e9;
  return {
    name: extractor.name,
    passes,
    seconds: elapsedSeconds,
    filesPerSec: (files.length * passes) / elapsedSeconds,
    mbPerSec: (bytes * passes) / 1e6 / elapsedSeconds,
  };
}
