import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The default suite's experiment documents, in the order of their file names. */
export async function loadSuite(dir: string): Promise<Array<{ file: string; document: Record<string, unknown> }>> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      file,
      document: JSON.parse(await readFile(join(dir, file), 'utf8')) as Record<string, unknown>,
    })),
  );
}
