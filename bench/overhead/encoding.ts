import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

/** Cost of each OTLP encoding the installed exporters offer, per span of a similar-songs request. */
export interface EncodingFigures {
  readonly spans: number;
  readonly rounds: number;
  readonly protobuf: { microsPerSpan: number; bytesPerSpan: number };
  readonly json: { microsPerSpan: number; bytesPerSpan: number };
}

const BATCH = 512;
const ROUNDS = 41;

/** A batch like the ones the API exports: each request's server span and its similarity query span. */
function requestSpans(): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'scale-api',
      'service.namespace': 'scale',
      'service.version': '1.0.0',
      'deployment.environment.name': 'local',
      'cloud.availability_zone': 'a',
      'scale.group': 'experiment',
    }),
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

/**
 * Encodes the same batch with both serializers, interleaved round by round so that the machine's
 * drift falls on both alike; the first rounds warm the JIT and are not counted.
 */
export function measureEncodings(): EncodingFigures {
  const spans = requestSpans();
  const serializers = { protobuf: ProtobufTraceSerializer, json: JsonTraceSerializer };
  const micros: Record<keyof typeof serializers, number[]> = { protobuf: [], json: [] };
  const bytes: Record<keyof typeof serializers, number> = { protobuf: 0, json: 0 };
  for (let round = 0; round < ROUNDS + 5; round++) {
    for (const [name, serializer] of Object.entries(serializers) as Array<
      [keyof typeof serializers, typeof ProtobufTraceSerializer]
    >) {
      const started = performance.now();
      const body = serializer.serializeRequest(spans);
      const elapsed = performance.now() - started;
      bytes[name] = body?.length ?? 0;
      if (round >= 5) micros[name].push((1000 * elapsed) / spans.length);
    }
  }
  const figures = (name: keyof typeof serializers) => ({
    microsPerSpan: median(micros[name]),
    bytesPerSpan: bytes[name] / spans.length,
  });
  return { spans: spans.length, rounds: ROUNDS, protobuf: figures('protobuf'), json: figures('json') };
}
