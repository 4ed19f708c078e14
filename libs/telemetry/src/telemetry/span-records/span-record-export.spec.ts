import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeTraceRequest } from '../../../../../test/support/otlp-proto';
import { endRecords } from '../../../../../test/support/span-records';
import { batchSettingsFromEnv, SpanRecordExport, type SpanBatch, type SpanBatchExporter } from './span-record-export';

interface Decoded {
  resourceSpans: { resource: unknown; scopeSpans: { scope: { name: string }; spans: { name: string }[] }[] }[];
}

/** An exporter that keeps what it is sent and answers when the test says so. */
class HeldExporter implements SpanBatchExporter {
  readonly batches: SpanBatch[] = [];
  private readonly answers: Array<(result: ExportResult) => void> = [];
  hold = false;
  export(batch: SpanBatch, done: (result: ExportResult) => void): void {
    this.batches.push(batch);
    if (this.hold) this.answers.push(done);
    else done({ code: ExportResultCode.SUCCESS });
  }
  release(): void {
    for (const answer of this.answers.splice(0)) answer({ code: ExportResultCode.SUCCESS });
  }
  shutdown = () => Promise.resolve();
  decoded(): Decoded[] {
    return this.batches.map((batch) => decodeTraceRequest(batch.request) as Decoded);
  }
}

const RESOURCE = resourceFromAttributes({ 'service.name': 'api' });
const endSpan = (sink: SpanRecordExport, scope: number, name: string, sampled = true) =>
  endRecords(sink, scope, [name], sampled);

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the span records batch export', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a full batch at once, each span under its scope, the resource written once', async () => {
    const exporter = new HeldExporter();
    const records = new SpanRecordExport(exporter, RESOURCE, {
      scheduledDelayMs: 60_000,
      maxQueueSize: 100,
      maxExportBatchSize: 3,
    });
    const server = records.addScope('@scale/telemetry', '1.0.0');
    const query = records.addScope('scale-api');
    endSpan(records, server, 'GET');
    endSpan(records, query, 'similarity query');
    expect(exporter.batches).toHaveLength(0);
    endSpan(records, server, 'POST');
    await settle();
    expect(exporter.batches.map((batch) => batch.spans)).toEqual([3]);
    const [request] = exporter.decoded();
    expect(request.resourceSpans).toHaveLength(1);
    expect(request.resourceSpans[0].resource).toEqual({
      attributes: [{ key: 'service.name', value: { stringValue: 'api' } }],
    });
    const scopes = request.resourceSpans[0].scopeSpans.map(({ scope, spans }) => [
      scope.name,
      spans.map((span) => span.name),
    ]);
    expect(scopes).toEqual([
      ['@scale/telemetry', ['GET', 'POST']],
      ['scale-api', ['similarity query']],
    ]);
  });

  it('sends what waits once the delay has passed, and nothing for unsampled records', async () => {
    vi.useFakeTimers();
    const exporter = new HeldExporter();
    const records = new SpanRecordExport(exporter, RESOURCE, {
      scheduledDelayMs: 1_000,
      maxQueueSize: 100,
      maxExportBatchSize: 50,
    });
    const scope = records.addScope('@scale/telemetry');
    endSpan(records, scope, 'GET');
    endSpan(records, scope, 'unsampled', false);
    await vi.advanceTimersByTimeAsync(999);
    expect(exporter.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.batches.map((batch) => batch.spans)).toEqual([1]);
  });

  it('exports one batch at a time, and keeps the spans that end meanwhile, in order', async () => {
    const exporter = new HeldExporter();
    exporter.hold = true;
    const records = new SpanRecordExport(exporter, RESOURCE, {
      scheduledDelayMs: 60_000,
      maxQueueSize: 100,
      maxExportBatchSize: 2,
    });
    const scope = records.addScope('@scale/telemetry');
    for (const name of ['a', 'b', 'c', 'd', 'e']) endSpan(records, scope, name);
    await settle();
    expect(exporter.batches).toHaveLength(1);
    exporter.hold = false;
    exporter.release();
    await records.forceFlush();
    const names = exporter
      .decoded()
      .map((request) => request.resourceSpans[0].scopeSpans[0].spans.map((span) => span.name));
    expect(names).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('drops and counts the spans beyond the queue while an export is held up', async () => {
    const exporter = new HeldExporter();
    exporter.hold = true;
    const records = new SpanRecordExport(exporter, RESOURCE, {
      scheduledDelayMs: 60_000,
      maxQueueSize: 4,
      maxExportBatchSize: 2,
    });
    const scope = records.addScope('@scale/telemetry');
    // Once the resource is known (a flush waits for it): before, nothing leaves and all nine would wait.
    await records.forceFlush();
    for (let index = 0; index < 9; index += 1) endSpan(records, scope, `span ${index}`);
    await settle();
    // Two went out; four wait; three found the queue full.
    expect(records.droppedSpans).toBe(3);
    exporter.hold = false;
    exporter.release();
    await records.forceFlush();
    expect(exporter.batches.reduce((sum, batch) => sum + batch.spans, 0)).toBe(6);
  });

  it('reads OTEL_BSP_* as the SDK does, ignoring values that are not positive integers', () => {
    expect(batchSettingsFromEnv({})).toEqual({ scheduledDelayMs: 5_000, maxQueueSize: 2_048, maxExportBatchSize: 512 });
    expect(
      batchSettingsFromEnv({
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_BSP_MAX_QUEUE_SIZE: '10',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64',
      }),
    ).toEqual({ scheduledDelayMs: 100, maxQueueSize: 10, maxExportBatchSize: 10 });
    expect(batchSettingsFromEnv({ OTEL_BSP_SCHEDULE_DELAY: 'soon', OTEL_BSP_MAX_QUEUE_SIZE: '-1' })).toMatchObject({
      scheduledDelayMs: 5_000,
      maxQueueSize: 2_048,
    });
  });
});
