import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace, type SpanContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AlwaysOnSampler,
  TracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { traceHttpServers, type ServerTracing } from '@scale/telemetry/telemetry/server-spans';
import { SPAN_LIMITS } from '@scale/telemetry/telemetry/span-pipeline';
import type { SpanFields } from '@scale/telemetry/telemetry/span-records/otlp-span-encoding';
import { SpanRecordTracer } from '@scale/telemetry/telemetry/span-records/span-record-tracer';
import { PooledIdGenerator } from '@scale/telemetry/telemetry/trace-ids';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

/** Every span object the SDK hands its processors, started or ended. */
class RecordingProcessor implements SpanProcessor {
  readonly started: Span[] = [];
  readonly ended: ReadableSpan[] = [];
  onStart(span: Span): void {
    this.started.push(span);
  }
  onEnd(span: ReadableSpan): void {
    this.ended.push(span);
  }
  forceFlush = () => Promise.resolve();
  shutdown = () => Promise.resolve();
}

/** A server span as either writer ended it. */
interface ServerSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly attributes: Record<string, unknown>;
  readonly statusCode: number;
}

/** What the handler saw of its trace: the active span's context, a child's, and the traceparent it would send. */
interface Seen {
  active?: SpanContext;
  child?: SpanContext;
  outgoing?: string;
}

// The real SDK (tracer provider, context manager, W3C propagator) and a real HTTP server in this
// process; only the sampler changes between tests. The server spans are made by the SDK's tracer or
// as span records (where the records are exported); the handler's child is the SDK's either way, as
// a pg query's would be.
describe.each(['the SDK', 'span records'] as const)(
  'server spans from the http.server.request.start channel, written by %s',
  (writer) => {
    const processor = new RecordingProcessor();
    const records: SpanFields[] = [];
    let sampler: Sampler = new AlwaysOnSampler();
    const switchable: Sampler = {
      shouldSample: (...args: Parameters<Sampler['shouldSample']>) => sampler.shouldSample(...args),
      toString: () => 'switchable',
    };
    const ids = new PooledIdGenerator();
    const provider = new TracerProvider({ sampler: switchable, idGenerator: ids, spanProcessors: [processor] });
    const tracer = provider.getTracer('test');
    const sink = { record: (span: SpanFields) => records.push(span) };
    const serverTracer =
      writer === 'the SDK' ? tracer : new SpanRecordTracer({ sink, index: 0, limits: SPAN_LIMITS }, switchable, ids);
    const tracing: ServerTracing = { tracer: serverTracer, sampler: switchable, ids };
    const servers = (): ServerSpan[] =>
      writer === 'the SDK'
        ? processor.ended
            .filter((span) => span.kind === 1)
            .map((span) => ({
              ...span.spanContext(),
              parentSpanId: span.parentSpanContext?.spanId,
              name: span.name,
              attributes: span.attributes,
              statusCode: span.status.code,
            }))
        : records.filter((span) => span.kind === 1);
    const clear = () => {
      processor.started.length = 0;
      processor.ended.length = 0;
      records.length = 0;
    };
    let stop: () => void;
    let server: Server;
    let port: number;
    let seen: Seen;

    beforeAll(async () => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      stop = traceHttpServers({ tracing });
      server = createServer((request, response) => {
        // After an await, as a handler's database call would be: the context must still be there.
        void Promise.resolve().then(() => {
          const carrier: Record<string, string> = {};
          propagation.inject(context.active(), carrier);
          const child = tracer.startSpan('child');
          seen = {
            active: trace.getActiveSpan()?.spanContext(),
            child: child.spanContext(),
            outgoing: carrier.traceparent,
          };
          child.end();
          if (request.url === '/slow') return;
          response.statusCode = request.url === '/fail' ? 503 : 200;
          response.end('ok');
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      stop?.();
      server?.closeAllConnections();
      server?.close();
      await provider.shutdown();
      context.disable();
      propagation.disable();
    });
    beforeEach(() => {
      clear();
      seen = {};
    });

    const get = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      await response.text();
      // `close` follows the response by a tick on the server side.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return response.status;
    };

    it('hands no span object to any processor for an unsampled request, yet carries its trace', async () => {
      sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0) });
      expect(await get('/api/songs/1/similar')).toBe(200);
      expect(processor.started).toHaveLength(0);
      expect(processor.ended).toHaveLength(0);
      expect(records).toHaveLength(0);
      // A context of its own, unsampled: children stay unsampled, and the trace goes on to the next service.
      expect(seen.active?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(seen.active?.traceFlags).toBe(0);
      expect(seen.child?.traceId).toBe(seen.active?.traceId);
      expect(seen.outgoing).toMatch(new RegExp(`^00-${seen.active?.traceId}-[0-9a-f]{16}-00$`));
    });

    it('records exactly the roots the sampler chose, on the trace id it chose them by', async () => {
      const ratio = new TraceIdRatioBasedSampler(0.5);
      // Every trace id the sampler is asked about, per request: the server spans' own decision, and
      // the SDK's when it makes the span.
      let asked: string[] = [];
      sampler = {
        shouldSample: (...args: Parameters<Sampler['shouldSample']>) => {
          asked.push(args[1]);
          return ratio.shouldSample(args[0], args[1]);
        },
      };
      let recorded = 0;
      for (let index = 0; index < 40; index += 1) {
        asked = [];
        clear();
        expect(await get('/api/songs')).toBe(200);
        const traceId = seen.active?.traceId ?? '';
        expect(new Set(asked)).toEqual(new Set([traceId]));
        const chosen = ratio.shouldSample(context.active(), traceId).decision === 2;
        const ended = servers();
        expect(ended.map((span) => span.traceId)).toEqual(chosen ? [traceId] : []);
        recorded += ended.length;
      }
      // Both kinds occurred (a 0.5 ratio over 40 random ids).
      expect(recorded).toBeGreaterThan(0);
      expect(recorded).toBeLessThan(40);
    });

    it('continues an unsampled caller without recording anything', async () => {
      sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() });
      expect(await get('/api/songs', { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-00` })).toBe(200);
      expect(processor.started).toHaveLength(0);
      expect(records).toHaveLength(0);
      expect(seen.active?.traceId).toBe(CALLER_TRACE);
      expect(seen.outgoing).toMatch(new RegExp(`^00-${CALLER_TRACE}-[0-9a-f]{16}-00$`));
    });

    it('makes one server span for a sampled request, child of the caller, with the HTTP attributes', async () => {
      sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() });
      expect(await get('/api/songs/7?limit=3', { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` })).toBe(200);
      const ended = servers();
      expect(ended).toHaveLength(1);
      const [span] = ended;
      expect(span.traceId).toBe(CALLER_TRACE);
      expect(span.parentSpanId).toBe(CALLER_SPAN);
      expect(span.name).toBe('GET');
      expect(span.attributes).toMatchObject({
        'http.request.method': 'GET',
        'url.path': '/api/songs/7',
        'url.scheme': 'http',
        'server.address': '127.0.0.1',
        'server.port': port,
        'http.response.status_code': 200,
      });
      expect(span.attributes['error.type']).toBeUndefined();
      // The handler ran in it: its child is the server span's.
      const child = processor.ended.find((ended) => ended.name === 'child');
      expect(child?.parentSpanContext?.spanId).toBe(span.spanId);
      expect(seen.outgoing).toMatch(new RegExp(`^00-${CALLER_TRACE}-${span.spanId}-01$`));
    });

    it('marks a 5xx as an error, and a request the client gave up on as aborted', async () => {
      sampler = new AlwaysOnSampler();
      expect(await get('/fail')).toBe(503);
      const [failed] = servers();
      expect(failed?.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
      expect(failed?.statusCode).toBe(2);

      clear();
      const aborted = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
      aborted.on('error', () => undefined);
      aborted.end();
      await new Promise((resolve) => setTimeout(resolve, 50));
      aborted.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [span] = servers();
      expect(span?.attributes['error.type']).toBe('aborted');
      expect(span?.attributes['http.response.status_code']).toBeUndefined();
    });

    it('leaves probes and scrapes untraced, in the root context', async () => {
      sampler = new AlwaysOnSampler();
      for (const path of ['/healthz', '/readyz', '/metrics?x=1']) {
        expect(await get(path, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` })).toBe(200);
        expect(servers()).toHaveLength(0);
        expect(seen.active).toBeUndefined();
      }
    });

    it('stops tracing when unsubscribed', async () => {
      sampler = new AlwaysOnSampler();
      stop();
      try {
        expect(await get('/api/songs')).toBe(200);
        expect(servers()).toHaveLength(0);
      } finally {
        stop = traceHttpServers({ tracing });
      }
    });
  },
);
