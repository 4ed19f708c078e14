import { scanMidi } from '@scale/midi';

export interface ScanRate {
  readonly filesPerSec: number;
  readonly mbPerSec: number;
}

/**
 * The scanner alone over the same bytes, in this process: what the extractor's CPU work per file
 * costs next to the store and the database. Whole passes until a second has gone by, after one
 * pass that lets the JIT settle.
 */
export function scanRate(files: readonly Uint8Array[], bytes: number, seconds = 1): ScanRate {
  const pass = () => {
    let notes = 0;
    for (let i = 0; i < files.length; i++) {
      const verdict = scanMidi(files[i]);
      // Used, so the work cannot be optimised away.
      if (verdict.ok) notes += verdict.notes;
    }
    return notes;
  };
  pass();
  const budget = BigInt(Math.round(seconds * 1e9));
  const started = process.hrtime.bigint();
  let passes = 0;
  let elapsed = 0n;
  do {
    pass();
    passes++;
    elapsed = process.hrtime.bigint() - started;
  } while (elapsed < budget);
  const elapsedSeconds = Number(elapsed) / 1e9;
  return { filesPerSec: (files.length * passes) / elapsedSeconds, mbPerSec: (bytes * passes) / 1e6 / elapsedSeconds };
}
