import { describe, expect, it } from 'vitest';
import { PooledIdGenerator, UnsampledSpanContext } from './trace-ids';

describe('PooledIdGenerator', () => {
  it('draws distinct hex ids of the W3C lengths, across pool refills', () => {
    const ids = new PooledIdGenerator();
    const traces = new Set<string>();
    const spans = new Set<string>();
    for (let index = 0; index < 1_000; index += 1) {
      traces.add(ids.generateTraceId());
      spans.add(ids.generateSpanId());
    }
    expect(traces.size).toBe(1_000);
    expect(spans.size).toBe(1_000);
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const id of spans) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives a handed-over trace id to the next root span only', () => {
    const ids = new PooledIdGenerator();
    ids.useForNextTrace('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ids.generateSpanId()).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ids.generateTraceId()).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ids.generateTraceId()).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    ids.useForNextTrace('4bf92f3577b34da6a3ce929d0e0e4736');
    ids.useForNextTrace(undefined);
    expect(ids.generateTraceId()).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});

describe('UnsampledSpanContext', () => {
  it('draws its span id when first read, and keeps it', () => {
    let drawn = 0;
    const context = new UnsampledSpanContext('4bf92f3577b34da6a3ce929d0e0e4736', undefined, {
      generateTraceId: () => '',
      generateSpanId: () => `${(drawn += 1)}`.padStart(16, '0'),
    });
    expect(drawn).toBe(0);
    expect(context.traceFlags).toBe(0);
    expect(context.spanId).toBe('0000000000000001');
    expect(context.spanId).toBe('0000000000000001');
    expect(drawn).toBe(1);
  });
});
