import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { Registry } from 'prom-client';
import { renderRegistry } from './exposition';
import { httpMetricsMiddleware } from './http-metrics';
import { createHttpServerHistogram } from './metrics';

const traceId = '0af7651916cd43dd8448eb211c80319c';
const sampled = trace.wrapSpanContext({ traceId, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });

class FakeResponse extends EventEmitter {
  statusCode = 200;
}

describe('httpMetricsMiddleware', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(() => {
    context.disable();
  });

  it("times each request once, by route template, with the request's trace as exemplar", async () => {
    const registry = new Registry();
    const middleware = httpMetricsMiddleware(createHttpServerHistogram(registry));
    const request = { method: 'GET', baseUrl: '/api', route: { path: '/songs/:id' } };
    const response = new FakeResponse();
    // The span active on arrival counts, whatever is active when the response ends.
    context.with(trace.setSpan(context.active(), sampled), () => middleware(request, response, () => undefined));
    response.statusCode = 404;
    response.emit('finish');
    response.emit('close');

    const unmatched = new FakeResponse();
    middleware({ method: 'POST' }, unmatched, () => undefined);
    unmatched.emit('close');

    const text = await renderRegistry(registry, 'openmetrics');
    expect(text).toMatch(
      /^http_server_request_duration_seconds_count\{method="GET",route="\/api\/songs\/:id",status_code="404"\} 1$/m,
    );
    expect(text).toMatch(
      /^http_server_request_duration_seconds_count\{method="POST",route="unmatched",status_code="200"\} 1$/m,
    );
    const exemplars = text.split('\n').filter((line) => line.includes(' # {'));
    expect(exemplars).toHaveLength(1);
    expect(exemplars[0]).toMatch(
      new RegExp(
        `^http_server_request_duration_seconds_bucket\\{method="GET",.*\\} 1 # \\{trace_id="${traceId}"\\} [0-9.e-]+ [0-9.]+$`,
      ),
    );
  });

  it('names the server span before the close listeners added ahead of it end the span', () => {
    const registry = new Registry();
    const middleware = httpMetricsMiddleware(createHttpServerHistogram(registry));
    const events: string[] = [];
    let recording = true;
    const span = Object.assign(trace.wrapSpanContext({ traceId, spanId: 'b7ad6b7169203331', traceFlags: 1 }), {
      isRecording: () => recording,
      updateName(name: string) {
        if (recording) events.push(`named ${name}`);
        return this;
      },
    });
    const response = new FakeResponse();
    // As `traceHttpServers` does when the request arrives, before any middleware runs.
    response.on('close', () => {
      recording = false;
      events.push('ended');
    });
    context.with(trace.setSpan(context.active(), span), () =>
      middleware({ method: 'GET', baseUrl: '', route: { path: '/songs/:id' } }, response, () => undefined),
    );
    response.emit('finish');
    expect(events).toEqual([]);
    response.emit('close');
    expect(events).toEqual(['named GET /songs/:id', 'ended']);
  });
});
