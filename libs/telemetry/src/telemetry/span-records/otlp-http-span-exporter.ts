import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { SpanBatch, SpanBatchExporter } from './span-record-export';

/**
 * Upstream's OTLP/HTTP protobuf trace exporter with the encoding taken out: the batches arrive
 * encoded (span-record-export.ts), and everything else is upstream's, read from the same
 * `OTEL_EXPORTER_OTLP_*` variables: endpoint, headers, compression, timeout, retries with backoff.
 */
export function otlpHttpSpanBatchExporter(): SpanBatchExporter {
  const serializer = {
    serializeRequest: (batch: SpanBatch) => batch.request,
    deserializeResponse: (data: Uint8Array) => ProtobufTraceSerializer.deserializeResponse(data),
  };
  const options = convertLegacyHttpOptions({}, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' });
  const metrics = { name: 'span' as const, countItems: (batch: SpanBatch) => batch.spans };
  return new OTLPExporterBase(
    createOtlpHttpExportDelegate(options, serializer, 'otlp_http_span_exporter', metrics, undefined),
  );
}
