import { open, FileHandle } from 'node:fs/promises';

export type ReadResult =
  { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: string };

/** The input limit of the pipeline: 16 MiB holds any real song many times over. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Reads a whole file unless it is above `maxBytes`. The size is checked on the open handle before
 * anything is read; the read itself is bounded too, because pipes and devices report size 0 and a
 * file may grow while being read. Every failure is a verdict, never an exception.
 */
export async function readBounded(path: string, maxBytes: number = DEFAULT_MAX_BYTES): Promise<ReadResult> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) return { ok: false, error: 'is a directory, not a file' };
    if (stats.size > maxBytes) {
      return { ok: false, error: `file is ${stats.size} bytes, above the ${maxBytes}-byte limit` };
    }
    return await readUpTo(handle, Math.min(stats.size, maxBytes), maxBytes);
  } catch (error) {
    return { ok: false, error: describeFsError(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function readUpTo(handle: FileHandle, expected: number, maxBytes: number): Promise<ReadResult> {
  // One byte beyond the expected size, so that the read reaching end-of-file confirms it.
  let buffer = Buffer.allocUnsafe(expected + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) {
        return { ok: false, error: `file is above the ${maxBytes}-byte limit (reading stopped there)` };
      }
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, length * 2 + 65_536));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return { ok: true, bytes: buffer.subarray(0, length) };
    length += bytesRead;
  }
}

const FS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
};

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? FS_ERRORS[code] : undefined;
  if (known !== undefined) return known;
  return `cannot read the file: ${error instanceof Error ? error.message : String(error)}`;
}
