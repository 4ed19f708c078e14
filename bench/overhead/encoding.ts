import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  resourceBytes,
  scopeBytes,
  traceRequest,
  writeSpan,
  type SpanFields,
} from '../../libs/telemetry/src/telemetry/span-records/otlp-span-encoding';
import { ProtobufWriter } from '../../libs/telemetry/src/telemetry/span-records/protobuf-writer';

/** Cost of each OTLP encoding the installed exporters offer, per span of a similar-songs request. */
export interface EncodingFigures {
  readonly spans: number;
  readonly rounds: number;
  readonly protobuf: { microsPerSpan: number; bytesPerSpan: number };
  readonly json: { microsPerSpan: number; bytesPerSpan: number };
  /** The API's own encoder (span records): each span written as it ends, the batch framed once. */
  readonly records: { microsPerSpan: number; bytesPerSpan: number };
}

const BATCH = 512;
const ROUNDS = 41;

/** A batch like the ones the API exports: each request's server span and its similarity query span. */
const RESOURCE = {
  'service.name': 'scale-api',
  'service.namespace': 'scale',
  'service.version': '1.0.0',
  'deployment.environment.name': 'local',
  'cloud.availability_zone': 'a',
  'scale.group': 'experiment',
};

function requestSpans(): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  const provider = new TracerProvider({
    resource: resourceFromAttributes(RESOURCE),
    spanProcessors: [
      {
        onStart: () => undefined,
        onEnd: (span) => void spans.push(span),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  });
  const tracer = provider.getTracer('@scale/telemetry');
  for (let i = 0; spans.length < BATCH; i++) {
    const server = tracer.startSpan('GET /api/songs/:id/similar', { kind: 1 });
    server.setAttributes({
      'http.request.method': 'GET',
      'url.path': `/api/songs/${1000 + i}/similar`,
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': 3000,
      'network.protocol.version': '1.1',
      'http.route': '/api/songs/:id/similar',
      'http.response.status_code': 200,
    });
    const query = tracer.startSpan('similarity query');
    query.setAttributes({
      'scale.similarity.song_id': 1000 + i,
      'scale.similarity.limit': 10,
      'scale.similarity.min_shared': 1,
      'scale.similarity.results': 10,
    });
    query.end();
    server.end();
  }
  return spans;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, z) => a - z);
  return sorted[sorted.length >> 1];
}

/** The same spans as span records hold them when they end. */
function asRecords(spans: readonly ReadableSpan[]): SpanFields[] {
  const epochMs = ([seconds, nanos]: [number, number]) => seconds * 1_000 + nanos / 1e6;
  return spans.map((span) => ({
    ...span.spanContext(),
    traceState: undefined,
    parentSpanId: span.parentSpanContext?.spanId,
    parentIsRemote: false,
    name: span.name,
    kind: span.kind,
    startEpochMs: epochMs(span.startTime),
    endEpochMs: epochMs(span.endTime),
    attributes: span.attributes,
    droppedAttributes: 0,
    events: undefined,
    links: undefined,
    statusCode: span.status.code,
    statusMessage: span.status.message,
  }));
}

/** The span records' encoding of a batch: each span's message as it ends, then the request around them. */
function recordsEncoder(spans: readonly ReadableSpan[]): () => Uint8Array {
  const records = asRecords(spans);
  const resource = resourceBytes(RESOURCE);
  const scope = scopeBytes('@scale/telemetry', undefined);
  const writer = new ProtobufWriter();
  return () => {
    writer.reset();
    for (const record of records) writeSpan(writer, record);
    return traceRequest(resource, [{ scope, spans: [writer.written()] }]);
  };
}

/**
 * Encodes the same batch with each serializer, interleaved round by round so that the machine's
 * drift falls on all alike; the first rounds warm the JIT and are not counted.
 */
export function measureEncodings(): EncodingFigures {
  const spans = requestSpans();
  const encoders = {
    protobuf: () => ProtobufTraceSerializer.serializeRequest(spans),
    json: () => JsonTraceSerializer.serializeRequest(spans),
    records: recordsEncoder(spans),
  };
  type Name = keyof typeof encoders;
  const micros: Record<Name, number[]> = { protobuf: [], json: [], records: [] };
  const bytes: Record<Name, number> = { protobuf: 0, json: 0, records: 0 };
  for (let round = 0; round < ROUNDS + 5; round++) {
    for (const [name, encode] of Object.entries(encoders) as Array<[Name, () => Uint8Array | undefined]>) {
      const started = performance.now();
      const body = encode();
      const elapsed = performance.now() - started;
      bytes[name] = body?.length ?? 0;
      if (round >= 5) micros[name].push((1000 * elapsed) / spans.length);
    }
  }
  const figures = (name: Name) => ({
    microsPerSpan: median(micros[name]),
    bytesPerSpan: bytes[name] / spans.length,
  });
  return {
    spans: spans.length,
    rounds: ROUNDS,
    protobuf: figures('protobuf'),
    json: figures('json'),
    records: figures('records'),
  };
}
