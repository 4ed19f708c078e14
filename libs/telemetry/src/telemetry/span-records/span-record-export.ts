import { diag, type Attributes } from '@opentelemetry/api';
import { ExportResultCode, globalErrorHandler, type ExportResult } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { resourceBytes, scopeBytes, traceRequest, writeSpan, type SpanFields } from './otlp-span-encoding';
import { ProtobufWriter } from './protobuf-writer';
import type { SpanRecordSink } from './recorded-span';

/** An export request already encoded, and how many spans it carries. */
export interface SpanBatch {
  readonly request: Uint8Array;
  readonly spans: number;
}

export interface SpanBatchExporter {
  export(batch: SpanBatch, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

/** The batch span processor's settings, with its defaults and `OTEL_BSP_*` names. */
export interface BatchSettings {
  readonly scheduledDelayMs: number;
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
}

const DEFAULTS: Record<keyof BatchSettings, [variable: string, value: number]> = {
  scheduledDelayMs: ['OTEL_BSP_SCHEDULE_DELAY', 5_000],
  maxQueueSize: ['OTEL_BSP_MAX_QUEUE_SIZE', 2_048],
  maxExportBatchSize: ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512],
};

/** `OTEL_BSP_*` as the SDK's batch processor reads them; a value that is not a positive integer is ignored. */
export function batchSettingsFromEnv(env: NodeJS.ProcessEnv): BatchSettings {
  const read = ([variable, fallback]: [string, number]): number => {
    const text = env[variable]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (Number.isInteger(value) && value > 0) return value;
    diag.warn(`${variable}="${text}" is not a positive integer; using ${fallback}`);
    return fallback;
  };
  const settings = {
    scheduledDelayMs: read(DEFAULTS.scheduledDelayMs),
    maxQueueSize: read(DEFAULTS.maxQueueSize),
    maxExportBatchSize: read(DEFAULTS.maxExportBatchSize),
  };
  // As the SDK: a batch larger than the queue could never fill.
  return { ...settings, maxExportBatchSize: Math.min(settings.maxExportBatchSize, settings.maxQueueSize) };
}

/**
 * The span records' batch processor and encoder. Each record is written as an OTLP `Span` message
 * into one buffer the moment it ends, so a batch is bytes, not objects the collector must trace; an
 * export request is those bytes framed by the resource and scopes written once. Batching follows the
 * SDK's batch processor: a batch leaves when `maxExportBatchSize` spans wait or `scheduledDelayMs`
 * after the first, one export at a time, and spans beyond `maxQueueSize` are dropped and counted.
 */
export class SpanRecordExport implements SpanRecordSink {
  private readonly pending = new ProtobufWriter(64 * 1_024);
  /** Where each waiting span's message ends in `pending`, and its scope. */
  private readonly ends: number[] = [];
  private readonly spanScopes: number[] = [];
  private readonly scopes: Buffer[] = [];
  /** The resource field, once its detectors have answered; batches wait for it. */
  private readonly resourceSettled: Promise<void>;
  private resource: Buffer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private exporting: Promise<void> | undefined;
  private dropped = 0;

  constructor(
    private readonly exporter: SpanBatchExporter,
    resource: Resource,
    private readonly settings: BatchSettings,
  ) {
    this.resourceSettled = settledResource(resource).then((bytes) => {
      this.resource = bytes;
    });
  }

  /** Registers an instrumentation scope; its spans are recorded under the index returned. */
  addScope(name: string, version?: string): number {
    return this.scopes.push(scopeBytes(name, version)) - 1;
  }

  /** Spans dropped because the queue was full, since the start. */
  get droppedSpans(): number {
    return this.dropped;
  }

  record(span: SpanFields, scope: number): void {
    // The SDK's batch processor skips these too: recorded, but not sampled.
    if ((span.traceFlags & 1) === 0) return;
    if (this.ends.length >= this.settings.maxQueueSize) {
      if (this.dropped++ === 0) diag.warn('span export queue full: spans are being dropped');
      return;
    }
    writeSpan(this.pending, span);
    this.ends.push(this.pending.position);
    this.spanScopes.push(scope);
    if (this.ends.length >= this.settings.maxExportBatchSize) this.exportNext();
    else this.timer ??= setTimeout(() => this.exportNext(), this.settings.scheduledDelayMs).unref();
  }

  /** Exports every span waiting, batch by batch. */
  async forceFlush(): Promise<void> {
    await this.resourceSettled;
    for (;;) {
      await this.exporting;
      if (this.ends.length === 0) return;
      this.exportNext();
    }
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    clearTimeout(this.timer);
    await this.exporter.shutdown();
  }

  private exportNext(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.exporting !== undefined || this.ends.length === 0) return;
    if (this.resource === undefined) {
      void this.resourceSettled.then(() => this.exportNext());
      return;
    }
    const batch = this.takeBatch(this.resource);
    this.exporting = this.send(batch).finally(() => {
      this.exporting = undefined;
      if (this.ends.length >= this.settings.maxExportBatchSize) {
        this.exportNext();
      } else if (this.ends.length > 0) {
        this.timer ??= setTimeout(() => this.exportNext(), this.settings.scheduledDelayMs).unref();
      }
    });
  }

  /** The first `maxExportBatchSize` waiting spans as one request, grouped by scope, taken out of `pending`. */
  private takeBatch(resource: Buffer): SpanBatch {
    const count = Math.min(this.ends.length, this.settings.maxExportBatchSize);
    const byScope = new Map<number, Uint8Array[]>();
    let start = 0;
    for (let index = 0; index < count; index += 1) {
      const end = this.ends[index];
      // Views of `pending`, copied into the request below, before the next span can be written.
      const message = this.pending.buffer.subarray(start, end);
      const list = byScope.get(this.spanScopes[index]);
      if (list) list.push(message);
      else byScope.set(this.spanScopes[index], [message]);
      start = end;
    }
    const parts = [...byScope].map(([scope, spans]) => ({ scope: this.scopes[scope], spans }));
    const request = traceRequest(resource, parts);
    const rest = this.pending.position - start;
    this.pending.buffer.copyWithin(0, start, this.pending.position);
    this.pending.position = rest;
    this.ends.splice(0, count);
    this.spanScopes.splice(0, count);
    for (let index = 0; index < this.ends.length; index += 1) this.ends[index] -= start;
    return { request, spans: count };
  }

  private async send(batch: SpanBatch): Promise<void> {
    const result = await new Promise<ExportResult>((resolve) => this.exporter.export(batch, resolve));
    if (result.code !== ExportResultCode.SUCCESS) {
      globalErrorHandler(result.error ?? new Error(`span export failed: ${batch.spans} spans lost`));
    }
  }
}

/** The resource's attributes once its detectors have answered (the host id is read asynchronously). */
async function settledResource(resource: Resource): Promise<Buffer> {
  await resource.waitForAsyncAttributes?.();
  return resourceBytes(resource.attributes as Attributes);
}
