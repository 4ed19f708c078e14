import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { generateCorpus } from '@scale/midi-generator';
import { ObjectStore } from '@scale/storage';
import { putObjects } from '../../apps/cli/src/corpus/corpus.command';
import { collectMidiPaths } from '../../apps/cli/src/midi/midi-paths';

export interface BenchFile {
  readonly key: string;
  readonly bytes: Uint8Array;
}

export interface BenchCorpus {
  readonly files: readonly BenchFile[];
  readonly bytes: number;
  /** Generated songs are all valid, so every one must become a song; real files may not. */
  readonly generated: boolean;
}

/** Same seed as `scale corpus seed`, so the bench's bytes are the demo's bytes. */
const SEED = 1;

/**
 * The corpus is held in memory: seeded once, and scanned in-process for the scanner-only figure.
 * `onFile` hears of each file generated or read, for a live count.
 */
export async function loadCorpus(
  count: number,
  dir: string | undefined,
  onFile?: (files: number) => void,
): Promise<BenchCorpus> {
  const files: BenchFile[] = [];
  if (dir === undefined) {
    for (const song of generateCorpus(SEED, count)) {
      files.push({ key: song.key, bytes: song.bytes });
      onFile?.(files.length);
    }
  } else {
    for (const path of await collectMidiPaths([dir])) {
      files.push({ key: `import/${relative(dir, path).split('\\').join('/')}`, bytes: await readFile(path) });
      onFile?.(files.length);
    }
    if (files.length === 0) throw new Error(`no .mid or .midi files under ${dir}`);
  }
  return { files, bytes: files.reduce((sum, file) => sum + file.bytes.length, 0), generated: dir === undefined };
}

export async function seedBucket(
  store: ObjectStore,
  bucket: string,
  corpus: BenchCorpus,
  onPut?: (objects: number) => void,
): Promise<void> {
  const uploads = corpus.files.map((file) => ({ key: file.key, load: async () => file.bytes }));
  const put = await putObjects(store, bucket, uploads, onPut);
  if (put.objects !== corpus.files.length) {
    throw new Error(`seeded ${put.objects} objects, expected ${corpus.files.length}`);
  }
}
