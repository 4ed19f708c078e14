import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanRecordExport, type SpanBatchExporter } from '@scale/telemetry/telemetry/span-records/span-record-export';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { endRecords } from '../support/span-records';

// The compiled module, so that its worker thread (export-worker.js beside it in dist/, built by the
// suites' global setup) is the one that runs; from the sources the export stays on the calling thread.
const DIST = resolve(__dirname, '../../dist');
const COMPILED = resolve(DIST, 'libs/telemetry/src/telemetry/span-records/export-thread.js');

/**
 * A program started as the API is (its instrument entry loaded with --import) that makes one span
 * record, shuts telemetry down as the programs do on their way out, and prints its threads' names.
 */
const PROGRAM = `
const { requestTracer, shutdownTelemetry } = require(${JSON.stringify(resolve(DIST, 'libs/telemetry/src/telemetry/index.js'))});
const { readdirSync, readFileSync } = require('node:fs');
setTimeout(async () => {
  requestTracer('scale-api').startSpan('similarity query').end();
  const threads = readdirSync('/proc/self/task').map((task) => readFileSync('/proc/self/task/' + task + '/comm', 'utf8').trim());
  await shutdownTelemetry();
  console.log(JSON.stringify(threads));
}, 1500);
`;

function exportThread(): SpanBatchExporter {
  const { spanBatchExporter } = createRequire(__filename)(COMPILED) as { spanBatchExporter: () => SpanBatchExporter };
  return spanBatchExporter();
}

const settings = { scheduledDelayMs: 60_000, maxQueueSize: 1_000, maxExportBatchSize: 100 };
function endSpans(records: SpanRecordExport, count: number): void {
  const scope = records.addScope('@scale/telemetry');
  endRecords(
    records,
    scope,
    Array.from({ length: count }, (_, index) => `span ${index}`),
  );
}

describe('the span records export thread', () => {
  let receiver: OtlpReceiver;
  const saved = { ...process.env };
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
    // The worker reads the standard variables, as the process it belongs to would.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '2000';
  });
  afterEach(async () => {
    process.env = { ...saved };
    await receiver.close();
  });

  it('delivers every span, the last batch on shutdown, over OTLP/HTTP protobuf', async () => {
    const exporter = exportThread();
    // The thread, not the in-thread fallback the sources would give.
    expect(exporter.constructor.name).toBe('ExportThread');
    const records = new SpanRecordExport(exporter, resourceFromAttributes({ 'service.name': 'api' }), settings);
    endSpans(records, 250);
    await records.shutdown();
    expect(receiver.spans).toHaveLength(250);
    expect(new Set(receiver.spans.map((span) => span.spanId)).size).toBe(250);
    expect(receiver.spans[0]).toMatchObject({
      kind: 2,
      scope: '@scale/telemetry',
      resource: { 'service.name': 'api' },
    });
  });

  it('runs as one thread of a traced program, which it neither keeps alive nor lets leave before its spans', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', resolve(DIST, 'apps/api/src/instrument.js'), '-e', PROGRAM],
      // Ended on its own well before this: the thread does not hold the program once its batch is sent.
      {
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SDK_DISABLED: 'false' },
        timeout: 20_000,
      },
    );
    // Node names its worker threads so: one, though the thread starts without the program's --import.
    expect((JSON.parse(stdout) as string[]).filter((name) => name === 'WorkerThread')).toHaveLength(1);
    expect(receiver.spans.map((span) => [span.scope, span.name])).toEqual([['scale-api', 'similarity query']]);
  });

  it('reports a batch it could not deliver as failed, once the retries are spent, with the reason', async () => {
    const exporter = exportThread();
    // Nobody listens any more: upstream's transport retries a refused connection until the timeout.
    await receiver.close();
    const result = await new Promise<ExportResult>((done) =>
      exporter.export({ request: Uint8Array.of(0x0a, 0x00), spans: 1 }, done),
    );
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toBeTruthy();
    await exporter.shutdown();
    receiver = await startOtlpReceiver();
  });
});
