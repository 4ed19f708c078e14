import { describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler } from '@opentelemetry/sdk-trace';
import { isValidSpanContext } from './span-context-validity';
import { SPAN_LIMITS } from './span-pipeline';
import { SpanRecordTracer } from './span-records/span-record-tracer';
import { PooledIdGenerator } from './trace-ids';

const scope = { sink: undefined, index: 0, limits: SPAN_LIMITS };

describe('isValidSpanContext', () => {
  it("takes this process's records and unsampled contexts as valid, with their ids as drawn", () => {
    const ids = new PooledIdGenerator();
    const record = new SpanRecordTracer(scope, new AlwaysOnSampler(), ids).startSpan('record');
    const unsampled = new SpanRecordTracer(scope, new AlwaysOffSampler(), ids).startSpan('unsampled');
    for (const span of [record, unsampled]) {
      expect(isValidSpanContext(span.spanContext())).toBe(true);
      expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanContext().spanId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("checks any other context's ids as the API does", () => {
    const valid = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
    expect(isValidSpanContext(valid)).toBe(true);
    expect(isValidSpanContext({ ...valid, traceId: '0'.repeat(32) })).toBe(false);
    expect(isValidSpanContext({ ...valid, spanId: '0'.repeat(16) })).toBe(false);
    expect(isValidSpanContext({ ...valid, spanId: 'not an id' })).toBe(false);
  });

  it("makes a record the child of a caller's valid context only", () => {
    const tracer = new SpanRecordTracer(scope, new AlwaysOnSampler(), new PooledIdGenerator());
    const caller = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
    const child = tracer.startSpan('child', {}, trace.setSpanContext(ROOT_CONTEXT, caller));
    expect(child.spanContext().traceId).toBe(caller.traceId);
    const invalid = { ...caller, traceId: '0'.repeat(32), traceFlags: TraceFlags.SAMPLED };
    const root = tracer.startSpan('root', {}, trace.setSpanContext(ROOT_CONTEXT, invalid));
    expect(root.spanContext().traceId).not.toBe(invalid.traceId);
    expect(isValidSpanContext(root.spanContext())).toBe(true);
  });
});
