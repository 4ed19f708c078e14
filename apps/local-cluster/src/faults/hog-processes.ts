import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';

/** The hog's command line names it: `node .../cpu-hog.js --id <id> ...` (or memory-hog.js). */
export function isHogCommandLine(argv: readonly string[], hogId: string, program = 'cpu-hog.js'): boolean {
  const idAt = argv.indexOf('--id');
  return idAt > 0 && argv[idAt + 1] === hogId && argv.some((arg) => basename(arg) === program);
}

/**
 * Live processes of a hog this cluster no longer knows: one started before the cluster restarted
 * keeps running until its timeout, and a runner reverting a fault must still be able to stop it.
 * Linux only (/proc); elsewhere nothing is found.
 */
export async function findHogProcesses(hogId: string, program = 'cpu-hog.js'): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(hogId) && isHogCommandLine(cmdline.split('\0'), hogId, program)) found.push(Number(entry));
  }
  return found;
}
