import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ExportOrder, ExportReport } from './export-thread-messages';
import { otlpHttpSpanBatchExporter } from './otlp-http-span-exporter';
import type { SpanBatch, SpanBatchExporter } from './span-record-export';

const WORKER = join(__dirname, 'export-worker.js');
const STOP_TIMEOUT_MS = 5_000;

/**
 * The OTLP/HTTP export of the span records on a worker thread of its own. On the similar-songs
 * endpoint at 100% sampling, sending the batches from the thread that serves requests cost it ~8 µs
 * a request (bench:overhead --profile: the socket writes of ~140 kB a batch, which on loopback carry
 * the receiver's side too, and the HTTP client around them); here the encoded batch is handed over
 * (its memory transferred, not copied) and the rest runs on the other core.
 *
 * Where the compiled worker is not beside this file (the sources run directly, in unit tests), the
 * export runs on the calling thread instead.
 */
export function spanBatchExporter(): SpanBatchExporter {
  return existsSync(WORKER) ? new ExportThread() : otlpHttpSpanBatchExporter();
}

class ExportThread implements SpanBatchExporter {
  // Without the program's node flags: its `--import` of the instrument entry would start telemetry
  // in the thread too, and with it another export thread, and so on.
  private readonly worker = new Worker(WORKER, { execArgv: [] });
  private readonly waiting = new Map<number, (report: ExportReport | Error) => void>();
  private nextId = 0;
  private gone: Error | undefined;

  constructor() {
    this.worker.on('message', (report: ExportReport) => {
      const settle = this.waiting.get(report.id);
      this.waiting.delete(report.id);
      // Idle, the thread lets the process exit; a batch on its way holds it, so no span is lost on the way out.
      if (this.waiting.size === 0) this.worker.unref();
      settle?.(report);
    });
    const end = (error: Error) => {
      this.gone ??= error;
      for (const settle of this.waiting.values()) settle(error);
      this.waiting.clear();
    };
    this.worker.on('error', end);
    this.worker.on('exit', (code) => end(new Error(`the span export thread exited with code ${code}`)));
    // After the listeners: adding a 'message' one refs the thread's port again.
    this.worker.unref();
  }

  export({ request, spans }: SpanBatch, done: (result: ExportResult) => void): void {
    if (this.gone) return done({ code: ExportResultCode.FAILED, error: this.gone });
    // Handed over, not copied, when the request is all of its memory (traceRequest's are); else a copy that is.
    const { buffer } = request;
    const whole = buffer instanceof ArrayBuffer && request.byteOffset === 0 && request.byteLength === buffer.byteLength;
    const memory = whole ? buffer : new Uint8Array(request).buffer;
    const bytes = whole ? request : new Uint8Array(memory);
    const order: ExportOrder = { kind: 'export', id: this.nextId++, request: bytes, spans };
    this.waiting.set(order.id, (report) => {
      if (report instanceof Error) return done({ code: ExportResultCode.FAILED, error: report });
      const failure = report.kind === 'exported' ? report.failure : undefined;
      done(
        failure === undefined
          ? { code: ExportResultCode.SUCCESS }
          : { code: ExportResultCode.FAILED, error: new Error(failure) },
      );
    });
    this.worker.ref();
    this.worker.postMessage(order, [memory]);
  }

  async shutdown(): Promise<void> {
    if (!this.gone) {
      const id = this.nextId++;
      const stopped = new Promise<void>((resolve) => this.waiting.set(id, () => resolve()));
      this.worker.ref();
      this.worker.postMessage({ kind: 'shutdown', id } satisfies ExportOrder);
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref())]);
    }
    await this.worker.terminate();
  }
}
