import { rename, rm, writeFile } from 'node:fs/promises';

let written = 0;

/**
 * Writes a file by renaming a complete temporary file over it, so a reader watching it (Prometheus' file
 * discovery) never sees it half written.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  written += 1;
  const temporary = `${path}.${process.pid}.${written}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
