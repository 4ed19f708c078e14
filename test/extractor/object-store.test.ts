import { afterAll, describe, expect, inject, it } from 'vitest';
import { createBucket, storeAt } from '../support/bucket';

// Against the real local S3 server started in global-setup.ts.
describe('object store', () => {
  const store = storeAt(inject('s3Endpoint'));
  afterAll(() => store.destroy());

  it('lists every object across pages, continuation tokens included', async () => {
    const bucket = await createBucket(store);
    const keys = Array.from({ length: 1005 }, (_, i) => `songs/${i % 7}/${String(i).padStart(5, '0')}.mid`);
    for (let start = 0; start < keys.length; start += 50) {
      await Promise.all(keys.slice(start, start + 50).map((key) => store.put(bucket, key, new Uint8Array([1, 2, 3]))));
    }
    const pages: number[] = [];
    const listed: string[] = [];
    for await (const page of store.listPages(bucket, '', 1000)) {
      pages.push(page.length);
      listed.push(...page.map((object) => object.key));
    }
    expect(pages).toEqual([1000, 5]);
    expect(listed.sort()).toEqual([...keys].sort());
  });

  it('reads an object whole, refuses one above the limit, and reports a missing one', async () => {
    const bucket = await createBucket(store);
    const etag = await store.put(bucket, 'a.mid', new Uint8Array(100).fill(7));
    const read = await store.read(bucket, 'a.mid', 100);
    expect(read).toEqual({ kind: 'read', etag, bytes: expect.any(Uint8Array) });
    expect(read.kind === 'read' && read.bytes.length).toBe(100);
    expect(await store.read(bucket, 'a.mid', 99)).toEqual({ kind: 'too-large', etag, size: 100 });
    expect(await store.read(bucket, 'missing.mid', 100)).toEqual({ kind: 'missing' });
  });

  it('fails with the operation and the cause when the store cannot be reached', async () => {
    const unreachable = storeAt('http://127.0.0.1:1');
    await expect(unreachable.read('some-bucket', 'a.mid', 100)).rejects.toThrow(/get s3:\/\/some-bucket\/a.mid failed/);
    unreachable.destroy();
  });
});
