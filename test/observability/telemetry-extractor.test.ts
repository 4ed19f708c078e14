import { afterAll, describe, expect, inject, it } from 'vitest';
import { ObjectStore } from '@scale/storage';
import { createBucket, seedSongs, storeAt } from '../support/bucket';
import { count, createDatabase, openCatalog } from '../support/catalog-database';
import { eventually, extractorEnvironment, type RunningProcess } from '../support/extractor';
import { exportTo, isDescendant, startOtlpReceiver } from '../support/otlp-receiver';
import { runProgram } from '../support/programs';
import { startRecordingProxy } from '../support/recording-proxy';

// The compiled extractor as deployed (instrumentation loaded with --import), reading from the real
// S3 server through a proxy that shows what its requests carried.
describe('extractor telemetry', () => {
  const store: ObjectStore = storeAt(inject('s3Endpoint'));
  let extractor: RunningProcess | undefined;
  afterAll(() => {
    extractor?.child.kill('SIGKILL');
    store.destroy();
  });

  it('traces each batch: a span per object with its S3 read and scan below it, and the write with its queries', async () => {
    const receiver = await startOtlpReceiver();
    const proxy = await startRecordingProxy(inject('s3Endpoint'));
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    const catalog = await openCatalog(databaseUrl);
    try {
      const bucket = await createBucket(store);
      await seedSongs(store, bucket, 3);
      extractor = runProgram(
        'extractor',
        extractorEnvironment(
          { databaseUrl, s3Endpoint: proxy.endpoint, bucket },
          {
            EXTRACTOR_PORT: '0',
            EXTRACTOR_CONCURRENCY: '1',
            SCALE_GROUP: 'experiment',
            SCALE_ZONE: 'b',
            ...exportTo(receiver),
          },
        ),
      );
      await eventually(
        `3 songs to be extracted\n${extractor.stderr()}`,
        async () => (await count(catalog, 'select 1 from songs')) === 3,
        60_000,
        100,
      );

      const objectSpans = () => receiver.spans.filter((span) => span.name === 'extract object');
      await eventually(
        'the object spans to be exported',
        async () => objectSpans().length === 3 && receiver.spans.some((span) => span.name === 'record results'),
      );
      for (const object of objectSpans()) {
        expect(object.resource).toMatchObject({
          'service.name': 'scale-extractor',
          'scale.group': 'experiment',
          'cloud.availability_zone': 'b',
        });
        expect(object.attributes).toMatchObject({ 'aws.s3.bucket': bucket, 'scale.extractor.outcome': 'song' });
        expect(object.attributes['aws.s3.key']).toEqual(expect.stringMatching(/\.mid$/));
        const below = receiver.spans.filter((span) => isDescendant(receiver.spans, span, object));
        const read = below.find((span) => span.scope === '@opentelemetry/instrumentation-aws-sdk');
        expect(read?.attributes['rpc.method']).toBe('GetObject');
        expect(below.some((span) => span.name === 'scan midi')).toBe(true);
      }
      // The write covers its whole batch; its queries are below it, in the same trace as the reads.
      const batch = receiver.spans.find(
        (span) => span.name === 'extract batch' && isDescendant(receiver.spans, objectSpans()[0], span),
      )!;
      const record = receiver.spans.find(
        (span) => span.name === 'record results' && isDescendant(receiver.spans, span, batch),
      )!;
      const queries = receiver.spans.filter(
        (span) => span.scope === '@opentelemetry/instrumentation-pg' && isDescendant(receiver.spans, span, record),
      );
      expect(queries.length).toBeGreaterThan(0);

      // The S3 requests carried the trace on to the next process (W3C traceparent).
      const reads = proxy.requests.filter((request) => request.method === 'GET' && request.url.includes('.mid'));
      expect(reads.length).toBeGreaterThanOrEqual(3);
      const batchTraces = new Set(
        receiver.spans.filter((span) => span.name === 'extract batch').map((span) => span.traceId),
      );
      for (const read of reads) {
        const [, traceId] = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(String(read.headers.traceparent)) ?? [];
        expect(batchTraces.has(traceId)).toBe(true);
      }
    } finally {
      extractor?.child.kill('SIGTERM');
      await extractor?.exited;
      await catalog.destroy();
      await proxy.close();
      await receiver.close();
    }
  });
});
