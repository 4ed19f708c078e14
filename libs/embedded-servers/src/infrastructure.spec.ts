import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { loadEnvironment } from '@scale/config';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { resolveInfrastructure } from './infrastructure';

describe('resolveInfrastructure', () => {
  it('uses the configured servers and starts nothing', async () => {
    const infrastructure = await resolveInfrastructure(
      loadEnvironment({
        DATABASE_URL: 'postgres://u:p@db.example:5432/scale',
        S3_ENDPOINT: 'https://s3.example',
        S3_REGION: 'eu-west-1',
        S3_FORCE_PATH_STYLE: 'false',
        AWS_ACCESS_KEY_ID: 'key',
        AWS_SECRET_ACCESS_KEY: 'secret',
        SCALE_DATA_DIR: '/nonexistent/never-created',
      }),
    );
    expect(infrastructure).toMatchObject({
      databaseUrl: 'postgres://u:p@db.example:5432/scale',
      s3: {
        endpoint: 'https://s3.example',
        region: 'eu-west-1',
        forcePathStyle: false,
        credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      },
      embedded: { postgres: false, s3: false },
    });
    await infrastructure.stop();
  });

  it(
    'starts an embedded Postgres and a local S3 server with the bucket when nothing is configured',
    { timeout: 60_000 },
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'scale-embedded-infra-'));
      await chmod(dataDir, 0o755);
      const infrastructure = await resolveInfrastructure(
        loadEnvironment({ SCALE_DATA_DIR: dataDir, S3_BUCKET: 'fresh-bucket' }),
      );
      try {
        expect(infrastructure.embedded).toEqual({ postgres: true, s3: true });
        const client = new pg.Client(infrastructure.databaseUrl);
        await client.connect();
        expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
        await client.end();
        const s3 = new S3Client(infrastructure.s3);
        await s3.send(new HeadBucketCommand({ Bucket: 'fresh-bucket' }));
        s3.destroy();
      } finally {
        await infrastructure.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
