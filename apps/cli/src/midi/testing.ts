import { Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A stream that keeps what is written to it, read back as lines once the command is done. */
export class CapturedOutput extends Writable {
  private readonly chunks: string[] = [];

  /** `onLine` runs as each chunk arrives, for tests that act between two writes. */
  constructor(private readonly hooks: { onLine?: () => void } = {}) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(String(chunk));
    this.hooks.onLine?.();
    callback();
  }

  get lines(): string[] {
    return this.chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '');
  }
}

/** A fresh directory under the system temp dir; call `remove` to delete it. */
export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'scale-midi-cli-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
