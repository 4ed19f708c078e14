import { randomBytes } from 'node:crypto';
import { generateCorpus, GeneratedSong } from '@scale/midi-generator';
import { ObjectStore } from '@scale/storage';

export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function storeAt(endpoint: string): ObjectStore {
  return new ObjectStore({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3_CREDENTIALS });
}

/** A new, empty bucket for one test. */
export async function createBucket(store: ObjectStore): Promise<string> {
  const bucket = `t-${randomBytes(6).toString('hex')}`;
  await store.ensureBucket(bucket);
  return bucket;
}

/** Puts `count` generated songs into the bucket and returns them, for checking the catalog against. */
export async function seedSongs(store: ObjectStore, bucket: string, count: number, seed = 7): Promise<GeneratedSong[]> {
  const songs = [...generateCorpus(seed, count)];
  for (let start = 0; start < songs.length; start += 32) {
    await Promise.all(songs.slice(start, start + 32).map((song) => store.put(bucket, song.key, song.bytes)));
  }
  return songs;
}
