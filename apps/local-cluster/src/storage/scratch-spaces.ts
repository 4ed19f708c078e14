import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const MiB = 1024 * 1024;
/** A replica's ephemeral-storage limit unless the cluster is told otherwise: a replica writes next to nothing there. */
export const DEFAULT_EPHEMERAL_STORAGE_LIMIT_MIB = 128;

/**
 * Each replica's writable space, as a container's writable layer: a directory of its own (its TMPDIR)
 * with an ephemeral-storage limit that, as on Kubernetes, the kernel does not enforce: usage is
 * measured and compared with it. Kept across the replica's restarts, as an emptyDir is across its
 * container's; emptied when the cluster starts, as a new pod's is.
 */
export interface ScratchSpaces {
  readonly limitBytes: number;
  directoryOf(replicaId: string): string | undefined;
}

export async function createScratchSpaces(
  dataDir: string,
  replicaIds: readonly string[],
  limitMiB = DEFAULT_EPHEMERAL_STORAGE_LIMIT_MIB,
): Promise<ScratchSpaces> {
  const directories = new Map(replicaIds.map((id) => [id, join(dataDir, 'scratch', id)]));
  for (const directory of directories.values()) {
    await rm(directory, { recursive: true, force: true });
    await mkdir(directory, { recursive: true });
  }
  return { limitBytes: limitMiB * MiB, directoryOf: (replicaId) => directories.get(replicaId) };
}
