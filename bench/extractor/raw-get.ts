import { ObjectStore, ObjectStoreOptions } from '@scale/storage';

export interface Throughput {
  readonly seconds: number;
  readonly files: number;
  readonly bytes: number;
}

/** Every key of the bucket, for the raw readers (the extractor lists for itself). */
export async function listKeys(s3: ObjectStoreOptions, bucket: string): Promise<string[]> {
  const store = new ObjectStore(s3);
  try {
    const keys: string[] = [];
    for await (const page of store.listPages(bucket)) for (const object of page) keys.push(object.key);
    return keys;
  } finally {
    store.destroy();
  }
}

/**
 * GETs every key with `workers` readers, each keeping one GET in flight, bodies read whole: what
 * the extractor's workers do minus everything else. A new client per pass, configured as the
 * extractor's (ExtractorModule gives its store workers * 2 keep-alive sockets), so both pay for
 * opening their connections.
 */
export async function rawGetPass(
  s3: ObjectStoreOptions,
  bucket: string,
  keys: readonly string[],
  workers: number,
  maxBytes: number,
  /** Called as each GET ends, for a live count. */
  onRead?: () => void,
): Promise<Throughput> {
  const store = new ObjectStore({ ...s3, maxSockets: workers * 2 });
  let next = 0;
  let bytes = 0;
  const reader = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      const read = await store.read(bucket, key, maxBytes);
      if (read.kind !== 'read') throw new Error(`raw GET of ${key}: ${read.kind}`);
      bytes += read.bytes.length;
      onRead?.();
    }
  };
  const started = process.hrtime.bigint();
  try {
    await Promise.all(Array.from({ length: workers }, reader));
  } finally {
    store.destroy();
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, files: keys.length, bytes };
}
