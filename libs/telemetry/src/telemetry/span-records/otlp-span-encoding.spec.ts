import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  createTraceState,
  trace,
  type Link,
} from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type IdGenerator,
} from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from '../../../../../test/support/otlp-proto';
import { SPAN_LIMITS } from '../span-pipeline';
import { resourceBytes, scopeBytes, traceRequest, writeSpan } from './otlp-span-encoding';
import { ProtobufWriter, unixNanosWords } from './protobuf-writer';
import { RecordedSpan } from './recorded-span';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const PARENT = 'a3ce929d0e0e4736';
// Epoch milliseconds after the process started (smaller numbers are read as performance.now()), with
// fractions a double holds exactly.
const START = Math.floor(performance.timeOrigin) + 60_000.25;
const END = START + 17.25;
const nanos = (epochMs: number) => String(BigInt(Math.floor(epochMs)) * 1_000_000n + BigInt((epochMs % 1) * 1e6));
const RESOURCE = { 'service.name': 'api', 'process.command_args': ['node', 'main.js'], 'process.pid': 42 };

const ATTRIBUTES = {
  'http.request.method': 'GET',
  'url.path': '/api/songs/7/similar',
  'server.port': 3000,
  'scale.offset': -5,
  'scale.ratio': 0.25,
  'scale.cached': true,
  'scale.genres': ['rock', 'jazz'],
  'scale.counts': [1, 2, 3],
  // Past 127 bytes, a message's length takes two bytes.
  'scale.note': 'ü'.repeat(300),
};
const EVENT_ATTRIBUTES = { 'exception.type': 'RangeError', 'exception.message': 'no such song' };
const LINK: Link = {
  context: { traceId: TRACE.replace('4', '5'), spanId: PARENT, traceFlags: TraceFlags.SAMPLED, isRemote: true },
  attributes: { 'link.reason': 'retry' },
};

/** The same span, made by the SDK and serialized by upstream's OTLP protobuf serializer. */
async function upstreamRequest(): Promise<Uint8Array> {
  const ids: IdGenerator = { generateTraceId: () => TRACE, generateSpanId: () => SPAN };
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes(RESOURCE),
    sampler: new AlwaysOnSampler(),
    idGenerator: ids,
    spanLimits: SPAN_LIMITS,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  // A remote parent with a trace state, as an incoming traceparent and tracestate give.
  const parent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE,
    spanId: PARENT,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState('vendor=a'),
  });
  const span = provider
    .getTracer('@scale/telemetry', '1.2.3')
    .startSpan('GET /api/songs/:id/similar', { kind: SpanKind.SERVER, startTime: START, links: [LINK] }, parent);
  span.setAttributes(ATTRIBUTES);
  span.addEvent('exception', EVENT_ATTRIBUTES, START + 1);
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
  span.end(END);
  await provider.forceFlush();
  const finished = exporter.getFinishedSpans();
  expect(finished).toHaveLength(1);
  return ProtobufTraceSerializer.serializeRequest(finished)!;
}

function recordRequest(): Uint8Array {
  const writer = new ProtobufWriter(64);
  const span = new RecordedSpan(
    { sink: { record: (fields) => writeSpan(writer, fields) }, index: 0, limits: SPAN_LIMITS },
    {
      traceId: TRACE,
      spanId: SPAN,
      traceState: createTraceState('vendor=a'),
      parentSpanId: PARENT,
      parentIsRemote: true,
      traceFlags: TraceFlags.SAMPLED,
    },
    'GET /api/songs/:id/similar',
    SpanKind.SERVER,
    START,
  );
  span.addLinks([LINK]);
  span.setAttributes(ATTRIBUTES);
  span.addEvent('exception', EVENT_ATTRIBUTES, START + 1);
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
  span.end(END);
  return traceRequest(resourceBytes(RESOURCE), [
    { scope: scopeBytes('@scale/telemetry', '1.2.3'), spans: [writer.written()] },
  ]);
}

describe('span records as OTLP protobuf', () => {
  it('decode to what upstream serializes for the same span', async () => {
    const upstream = decodeTraceRequest(await upstreamRequest());
    const records = decodeTraceRequest(recordRequest());
    expect(records).toEqual(upstream);
    // And the decoding is not vacuous: the span is there, with its attributes and times.
    const span = (records as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] })
      .resourceSpans[0].scopeSpans[0].spans[0];
    expect(span).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      parentSpanId: PARENT,
      traceState: 'vendor=a',
      kind: 2,
      flags: 0x301,
      startTimeUnixNano: nanos(START),
      endTimeUnixNano: nanos(END),
      status: { code: 2, message: 'failed' },
    });
    expect(span.attributes).toHaveLength(Object.keys(ATTRIBUTES).length);
  });

  it('write epoch milliseconds as exact nanoseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: 999 }), (ms, micros) => {
        const epochMs = ms + micros / 1_000;
        const { low, high } = unixNanosWords(epochMs);
        const nanos = BigInt(Math.floor(epochMs / 1000)) * 1_000_000_000n;
        const exact = nanos + BigInt(Math.round((epochMs - Math.floor(epochMs / 1000) * 1000) * 1e6));
        expect((BigInt(high) << 32n) + BigInt(low)).toBe(exact);
      }),
    );
  });
});
