import { randomBytes } from 'node:crypto';
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { directoryUsageBytes } from '@scale/telemetry';
import { UnknownReplicaError } from '../control/cluster-errors';
import type { ScratchSpaces } from '../storage/scratch-spaces';

const PREFIX = 'scale-disk-fill-';
const CHUNK_BYTES = 1024 * 1024;

export interface DiskFillRequest {
  /** The replica's writable space is filled until it holds this share of its ephemeral-storage limit. */
  sharePercent: number;
}

export interface DiskFillView {
  id: string;
  replicaId: string;
  path: string;
  /** What the file holds on disk. */
  bytes: number;
  /** What the writable space held once it was written, and its limit. */
  usageBytes: number;
  limitBytes: number;
}

/**
 * Files written into replicas' writable space until it holds a share of its limit: real bytes on disk,
 * fsync'd, so that what measures the space (the replica's own scrape, `du`) sees them. The files
 * themselves are the record (no state in memory), so a cluster or runner started again still finds
 * and removes them.
 */
export class DiskFills {
  constructor(private readonly scratch: ScratchSpaces) {}

  async fill(replicaId: string, request: DiskFillRequest): Promise<DiskFillView> {
    const directory = this.directory(replicaId);
    const target = Math.round((this.scratch.limitBytes * request.sharePercent) / 100);
    const bytes = Math.max(0, target - (await directoryUsageBytes(directory)));
    const id = `${PREFIX}${randomBytes(6).toString('hex')}`;
    const path = join(directory, id);
    await writeFilled(path, bytes);
    return {
      id,
      replicaId,
      path,
      bytes: (await stat(path)).blocks * 512,
      usageBytes: await directoryUsageBytes(directory),
      limitBytes: this.scratch.limitBytes,
    };
  }

  /** Every fill in the replica's writable space. */
  async list(replicaId: string): Promise<DiskFillView[]> {
    const directory = this.directory(replicaId);
    const names = (await readdir(directory).catch(() => [] as string[])).filter((name) => name.startsWith(PREFIX));
    const usageBytes = await directoryUsageBytes(directory);
    const views = await Promise.all(
      names.map(async (id) => {
        const path = join(directory, id);
        const stats = await stat(path).catch(() => undefined);
        return (
          stats && { id, replicaId, path, bytes: stats.blocks * 512, usageBytes, limitBytes: this.scratch.limitBytes }
        );
      }),
    );
    return views.filter((view) => view !== undefined);
  }

  /** Removes every fill of the replica; safe to repeat. */
  async clear(replicaId: string): Promise<void> {
    for (const fill of await this.list(replicaId)) await unlink(fill.path).catch(() => undefined);
  }

  private directory(replicaId: string): string {
    const directory = this.scratch.directoryOf(replicaId);
    if (!directory) throw new UnknownReplicaError(replicaId);
    return directory;
  }
}

/** Writes `bytes` of a non-zero pattern (nothing a filesystem could leave unallocated) and syncs them to disk. */
async function writeFilled(path: string, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(CHUNK_BYTES, 0xa5);
  const file = await open(path, 'wx');
  try {
    for (let written = 0; written < bytes; written += CHUNK_BYTES) {
      await file.write(chunk, 0, Math.min(CHUNK_BYTES, bytes - written));
    }
    await file.sync();
    await file.close();
  } catch (error) {
    // A disk that filled up before the share was reached leaves no half-written file behind.
    await file.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
}
