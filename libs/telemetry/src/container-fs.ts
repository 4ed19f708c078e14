import { lstat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The container's writable space: what it holds on disk and its ephemeral-storage limit. */
export interface ContainerFs {
  readonly usageBytes: number;
  readonly limitBytes: number;
}

/**
 * The container's ephemeral-storage limit in bytes, handed to it the way Kubernetes' downward API
 * hands a container its `limits.ephemeral-storage` (an environment variable). Like /proc/self/cgroup,
 * a fact the platform states about the container, not a setting of the program.
 */
export const EPHEMERAL_STORAGE_LIMIT_VARIABLE = 'SCALE_EPHEMERAL_STORAGE_LIMIT_BYTES';
/** A scrape must stay quick: a scratch directory of more entries than this is counted only that far. */
const MAX_ENTRIES = 10_000;

/**
 * Bytes on disk under `directory` as `du` counts them (allocated blocks, so a sparse file counts only
 * what it wrote), not following symbolic links.
 */
export async function directoryUsageBytes(directory: string, maxEntries = MAX_ENTRIES): Promise<number> {
  let total = 0;
  let seen = 0;
  const pending = [directory];
  while (pending.length > 0 && seen < maxEntries) {
    const dir = pending.pop() as string;
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (++seen > maxEntries) break;
      const path = join(dir, name);
      const stats = await lstat(path).catch(() => undefined);
      if (!stats) continue;
      total += stats.blocks * 512;
      if (stats.isDirectory()) pending.push(path);
    }
  }
  return total;
}

/**
 * The container's ephemeral-storage use, measured as the kubelet measures it (what the writable space
 * holds, against the limit): the scratch directory is the process's TMPDIR. Undefined without a limit:
 * a process outside a container would otherwise count the machine's whole temporary directory.
 */
export async function readContainerFs(
  environment: NodeJS.ProcessEnv = process.env,
  directory: string = tmpdir(),
): Promise<ContainerFs | undefined> {
  const limitBytes = Number(environment[EPHEMERAL_STORAGE_LIMIT_VARIABLE]);
  if (!Number.isSafeInteger(limitBytes) || limitBytes <= 0) return undefined;
  return { usageBytes: await directoryUsageBytes(directory), limitBytes };
}
