import { generateCorpus } from '@scale/midi-generator';
import { UsageError } from '../../apps/cli/src/usage';
import { readBounded } from '../../apps/cli/src/midi/read-bounded';

/** Seed of the demo corpus, so generated benches compare across machines and commits. */
const GENERATED_SEED = 1;

/** Loaded before any timing starts, so the bench measures parsing and not the disk; `onFile` counts them. */
export async function loadFiles(paths: readonly string[], onFile?: (loaded: number) => void): Promise<Uint8Array[]> {
  const files: Uint8Array[] = [];
  for (const path of paths) {
    const read = await readBounded(path);
    if (!read.ok) throw new UsageError(`cannot load ${path}: ${read.error}`);
    files.push(read.bytes);
    onFile?.(files.length);
  }
  return files;
}

export function generatedFiles(count: number, onFile?: (generated: number) => void): Uint8Array[] {
  const files: Uint8Array[] = [];
  for (const song of generateCorpus(GENERATED_SEED, count)) {
    files.push(song.bytes);
    onFile?.(files.length);
  }
  return files;
}
