import { randomBytes } from 'node:crypto';
import { EPHEMERAL_STORAGE_LIMIT_VARIABLE } from '@scale/telemetry';
import { createMemoryCgroups } from '../../apps/local-cluster/src/cgroups/memory-cgroups';
import { createScratchSpaces } from '../../apps/local-cluster/src/storage/scratch-spaces';

/** Processes placed as the local cluster places its replicas: a memory cgroup with a limit and a scratch TMPDIR each. */
export interface TestContainers {
  /** The container's environment: its TMPDIR and its ephemeral-storage limit. */
  environment(id: string): Record<string, string>;
  /** Moves a started process into the container's memory cgroup. */
  attach(id: string, pid: number): Promise<void>;
  /** Removes the cgroups once their processes are gone. */
  remove(): Promise<void>;
}

/** Containers for `ids`, with the local cluster's default limits; the memory cgroups need a writable cgroup v1 controller. */
export async function createTestContainers(dataDir: string, ids: readonly string[]): Promise<TestContainers> {
  const memory = await createMemoryCgroups(`test-${randomBytes(4).toString('hex')}`, ids);
  const scratch = await createScratchSpaces(dataDir, ids);
  return {
    environment: (id) => ({
      TMPDIR: scratch.directoryOf(id) as string,
      [EPHEMERAL_STORAGE_LIMIT_VARIABLE]: String(scratch.limitBytes),
    }),
    attach: (id, pid) => memory.attach(id, pid),
    remove: () => memory.remove(),
  };
}
