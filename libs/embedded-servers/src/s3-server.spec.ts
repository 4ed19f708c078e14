import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server } from './s3-server';

describe('startS3Server', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scale-embedded-s3-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serves S3 from its own process, which is gone after stop', { timeout: 60_000 }, async () => {
    const server = await startS3Server({ dataDir, buckets: ['ready-made'] });
    const s3 = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    try {
      expect(server.pid).not.toBe(process.pid);
      await s3.send(new HeadBucketCommand({ Bucket: 'ready-made' }));
      await s3.send(new CreateBucketCommand({ Bucket: 'songs' }));
      await s3.send(new PutObjectCommand({ Bucket: 'songs', Key: 'a/b.mid', Body: Buffer.from('MThd') }));
      const object = await s3.send(new GetObjectCommand({ Bucket: 'songs', Key: 'a/b.mid' }));
      expect(await object.Body?.transformToString()).toBe('MThd');
    } finally {
      s3.destroy();
      await server.stop();
    }
    expect(() => process.kill(server.pid, 0)).toThrow();
  });
});
