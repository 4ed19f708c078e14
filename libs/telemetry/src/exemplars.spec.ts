import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { activeSpanExemplar, spanExemplar } from './exemplars';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';
const span = (traceFlags: number, id = traceId) => trace.wrapSpanContext({ traceId: id, spanId, traceFlags });

describe('spanExemplar', () => {
  it("is the span's trace id when the trace is sampled", () => {
    expect(spanExemplar(span(TraceFlags.SAMPLED))).toEqual({ trace_id: traceId });
  });

  it('is nothing without a span, for an unsampled trace, or for an invalid context', () => {
    expect(spanExemplar(undefined)).toBeUndefined();
    expect(spanExemplar(span(TraceFlags.NONE))).toBeUndefined();
    expect(spanExemplar(span(TraceFlags.SAMPLED, '00000000000000000000000000000000'))).toBeUndefined();
  });
});

describe('activeSpanExemplar', () => {
  it('is nothing while no context manager is registered (no OpenTelemetry SDK)', () => {
    context.with(trace.setSpan(context.active(), span(TraceFlags.SAMPLED)), () => {
      expect(activeSpanExemplar()).toBeUndefined();
    });
  });

  describe('with a context manager', () => {
    beforeAll(() => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    });
    afterAll(() => {
      context.disable();
    });

    it('follows the active span across awaits', async () => {
      await context.with(trace.setSpan(context.active(), span(TraceFlags.SAMPLED)), async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        expect(activeSpanExemplar()).toEqual({ trace_id: traceId });
      });
      expect(activeSpanExemplar()).toBeUndefined();
    });
  });
});
