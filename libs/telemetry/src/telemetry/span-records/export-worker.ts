import { parentPort } from 'node:worker_threads';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportOrder, ExportReport } from './export-thread-messages';
import { otlpHttpSpanBatchExporter } from './otlp-http-span-exporter';

/*
 * The export thread (export-thread.ts): upstream's OTLP/HTTP transport, its retries and timeouts,
 * run here, off the thread that serves requests. Its settings come from the same OTEL_EXPORTER_OTLP_*
 * variables, which a worker thread shares with its process.
 */
const port = parentPort;
if (port === null) throw new Error('export-worker runs as a worker thread of a traced program');
const exporter = otlpHttpSpanBatchExporter();
const report = (message: ExportReport) => port.postMessage(message);

port.on('message', (order: ExportOrder) => {
  if (order.kind === 'export') {
    exporter.export({ request: order.request, spans: order.spans }, (result) =>
      report({
        kind: 'exported',
        id: order.id,
        ...(result.code === ExportResultCode.SUCCESS ? {} : { failure: result.error?.message ?? 'export failed' }),
      }),
    );
    return;
  }
  void exporter.shutdown().finally(() => report({ kind: 'stopped', id: order.id }));
});
