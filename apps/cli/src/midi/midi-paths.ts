import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../usage';

const MIDI_NAME = /\.midi?$/i;

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
