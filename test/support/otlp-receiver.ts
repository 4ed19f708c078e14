import { decodeTraceRequest } from './otlp-proto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly scope: string;
  readonly attributes: Record<string, unknown>;
  readonly resource: Record<string, unknown>;
  readonly links: ReadonlyArray<{ traceId: string; spanId: string }>;
}

export interface OtlpReceiver {
  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  readonly spans: ReceivedSpan[];
  close(): Promise<void>;
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values: OtlpValue[] };
};
type OtlpAttribute = { key: string; value: OtlpValue };

function valueOf(value: OtlpValue): unknown {
  if (value.arrayValue) return value.arrayValue.values.map(valueOf);
  return (
    value.stringValue ??
    value.boolValue ??
    value.doubleValue ??
    (value.intValue === undefined ? undefined : Number(value.intValue))
  );
}

function attributesOf(attributes: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((attributes ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

/**
 * An OTLP/HTTP endpoint that keeps the spans it is sent, in the protobuf encoding (decoded with
 * protobufjs from OTLP's message definitions, otlp-proto.ts) or the JSON one. No OpenTelemetry
 * Collector can be installed on these machines, so the test plays the collector's receiving side;
 * the exporters under test are the real ones.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const type = request.headers['content-type'] ?? '';
      const protobuf = type.includes('protobuf');
      if (request.url !== '/v1/traces' || (!protobuf && !type.includes('json'))) {
        response.writeHead(415).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const payload = (protobuf ? decodeTraceRequest(body) : JSON.parse(body.toString())) as {
        resourceSpans?: Array<{
          resource?: { attributes?: OtlpAttribute[] };
          scopeSpans: Array<{
            scope: { name: string };
            spans: Array<
              Omit<ReceivedSpan, 'attributes' | 'resource' | 'scope' | 'links'> & {
                attributes?: OtlpAttribute[];
                links?: Array<{ traceId: string; spanId: string }>;
              }
            >;
          }>;
        }>;
      };
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const resource = attributesOf(resourceSpans.resource?.attributes);
        for (const { scope, spans: scoped } of resourceSpans.scopeSpans) {
          for (const span of scoped) {
            spans.push({
              ...span,
              parentSpanId: span.parentSpanId || undefined,
              scope: scope.name,
              attributes: attributesOf(span.attributes),
              resource,
              links: span.links ?? [],
            });
          }
        }
      }
      // An empty ExportTraceServiceResponse in either encoding: no partial success to report.
      response.writeHead(200, { 'content-type': type }).end(protobuf ? Buffer.alloc(0) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The OTEL_* settings that send a program's spans to the receiver at once, over http/protobuf (the
 * default protocol, and the one the span records speak) unless another protocol is asked for.
 */
export function exportTo(
  receiver: OtlpReceiver,
  protocol: 'http/protobuf' | 'http/json' = 'http/protobuf',
): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
}

/** Whether `descendant` sits below `ancestor` in its trace. */
export function isDescendant(
  spans: readonly ReceivedSpan[],
  descendant: ReceivedSpan,
  ancestor: ReceivedSpan,
): boolean {
  const byId = new Map(spans.filter((span) => span.traceId === ancestor.traceId).map((span) => [span.spanId, span]));
  for (let parent = descendant.parentSpanId; parent; parent = byId.get(parent)?.parentSpanId) {
    if (parent === ancestor.spanId) return true;
  }
  return false;
}
