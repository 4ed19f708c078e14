import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { generateCorpus } from '@scale/corpus';
import { UsageError } from '../usage';
import { readBounded } from './read-bounded';

const MIDI_NAME = /\.midi?$/i;

/** Seed of the demo corpus, so generated benches compare across machines and commits. */
const GENERATED_SEED = 1;

/**
 * Every *.mid / *.midi file under the given directories, recursively, plus files named directly
 * (whatever their extension: naming a file is asking for it). Sorted and deduplicated, so two runs
 * over the same tree time the same sequence.
 */
export async function collectMidiPaths(targets: readonly string[]): Promise<string[]> {
  const paths = new Set<string>();
  for (const target of targets) {
    const stats = await stat(target).catch(() => null);
    if (stats === null) throw new UsageError(`no such file or directory: ${target}`);
    if (!stats.isDirectory()) {
      paths.add(target);
      continue;
    }
    for (const entry of await readdir(target, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && MIDI_NAME.test(entry.name)) paths.add(join(entry.parentPath, entry.name));
    }
  }
  return [...paths].sort();
}

/** Loaded before any timing starts, so the bench measures parsing and not the disk. */
export async function loadFiles(paths: readonly string[]): Promise<Uint8Array[]> {
  const files: Uint8Array[] = [];
  for (const path of paths) {
    const read = await readBounded(path);
    if (!read.ok) throw new UsageError(`cannot load ${path}: ${read.error}`);
    files.push(read.bytes);
  }
  return files;
}

export function generatedFiles(count: number): Uint8Array[] {
  const files: Uint8Array[] = [];
  for (const song of generateCorpus(GENERATED_SEED, count)) files.push(song.bytes);
  return files;
}
