import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import { writeGeneratedCatalog } from '@scale/catalog';
import { findFreePort } from '@scale/embedded-servers';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { eventually, type RunningProcess } from '../support/extractor';
import { exportTo, isDescendant, startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { runProgram } from '../support/programs';
import { seriesValue } from '../support/prometheus-text';
import { startSpotlight, type RunningSpotlight } from '../support/spotlight';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const traceparent = (traceId = TRACE_ID) => `00-${traceId}-${CALLER_SPAN_ID}-01`;

// The compiled API as deployed (instrumentation loaded with --import), exporting its spans over
// OTLP and its errors to Sentry's Spotlight sidecar.
describe('API telemetry', () => {
  let catalog: DataSource;
  let receiver: OtlpReceiver;
  let spotlight: RunningSpotlight;
  let api: RunningProcess;
  let url: string;
  let songId: string;

  beforeAll(async () => {
    const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    catalog = await openCatalog(databaseUrl);
    await writeGeneratedCatalog(catalog, { seed: 3, count: 300, bucket: 'scale-midi' });
    [{ id: songId }] = await catalog.query(`select id from songs order by id limit 1`);
    receiver = await startOtlpReceiver();
    spotlight = await startSpotlight();
    const port = await findFreePort();
    api = runProgram('api', {
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      SCALE_GROUP: 'experiment',
      SCALE_ZONE: 'a',
      SENTRY_SPOTLIGHT: spotlight.streamUrl,
      LOG_LEVEL: 'info',
      ...exportTo(receiver),
    });
    url = `http://127.0.0.1:${port}`;
    await eventually(
      `the API to be ready\n${api.stderr()}`,
      async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200,
      60_000,
      100,
    );
  });
  afterAll(async () => {
    api?.child.kill('SIGKILL');
    await spotlight?.stop();
    await receiver?.close();
    await catalog?.destroy();
  });

  it('makes one server span per request, continuing the caller’s trace, with the database queries below it', async () => {
    const response = await fetch(`${url}/api/songs/${songId}`, { headers: { traceparent: traceparent() } });
    expect(response.status).toBe(200);

    await eventually('the server span to be exported', async () =>
      receiver.spans.some((span) => span.traceId === TRACE_ID && span.kind === 2),
    );
    const server = receiver.spans.find((span) => span.traceId === TRACE_ID && span.kind === 2)!;
    expect(server.parentSpanId).toBe(CALLER_SPAN_ID);
    expect(server.name).toBe('GET /api/songs/:id');
    expect(server.attributes).toMatchObject({ 'http.route': '/api/songs/:id', 'http.response.status_code': 200 });
    expect(server.resource).toMatchObject({
      'service.name': 'scale-api',
      'service.namespace': 'scale',
      'scale.group': 'experiment',
      'cloud.availability_zone': 'a',
      'deployment.environment.name': 'local',
    });
    expect(server.resource['service.instance.id']).toEqual(expect.any(String));
    expect(server.resource['service.version']).toMatch(/^\d+\.\d+\.\d+/);

    await eventually('the database spans to be exported', async () =>
      receiver.spans.some((span) => span.traceId === TRACE_ID && span.scope === '@opentelemetry/instrumentation-pg'),
    );
    const queries = receiver.spans.filter(
      (span) => span.traceId === TRACE_ID && span.scope === '@opentelemetry/instrumentation-pg',
    );
    for (const query of queries) {
      expect(query.kind).toBe(3);
      expect(query.attributes['db.system.name'] ?? query.attributes['db.system']).toBe('postgresql');
      expect(isDescendant(receiver.spans, query, server)).toBe(true);
      // The SDK exports these, span records the server span: both under the one resource.
      expect(query.resource).toEqual(server.resource);
    }
  });

  it('traces a similarity query with a span of its own', async () => {
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
    expect(
      (await fetch(`${url}/api/songs/${songId}/similar?limit=5`, { headers: { traceparent: traceparent(traceId) } }))
        .status,
    ).toBe(200);
    await eventually('the similarity span to be exported', async () =>
      receiver.spans.some((span) => span.traceId === traceId && span.name === 'similarity query'),
    );
    const server = receiver.spans.find((span) => span.traceId === traceId && span.kind === 2)!;
    const query = receiver.spans.find((span) => span.traceId === traceId && span.name === 'similarity query')!;
    expect(isDescendant(receiver.spans, query, server)).toBe(true);
    expect(query.attributes).toMatchObject({ 'scale.similarity.limit': 5, 'scale.similarity.song_id': Number(songId) });
    expect(query.attributes['scale.similarity.results']).toEqual(expect.any(Number));
  });

  it('reports a 500 to Sentry with its stack trace, breadcrumbs, tags and trace id, and logs it with the trace id', async () => {
    const traceId = '6bf92f3577b34da6a3ce929d0e0e4736';
    // A schema the code does not expect: a real server-side failure, not a client error.
    await catalog.query(`alter table songs rename column title to title_gone`);
    try {
      const response = await fetch(`${url}/api/songs`, { headers: { traceparent: traceparent(traceId) } });
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).not.toMatch(/title_gone|column|stack/i);
    } finally {
      await catalog.query(`alter table songs rename column title_gone to title`);
    }

    await eventually(
      'the event to reach Spotlight',
      async () => spotlight.items.some((item) => item.header.type === 'event'),
      20_000,
      100,
    );
    const event = spotlight.items.find((item) => item.header.type === 'event')!.payload as {
      exception: {
        values: Array<{ type: string; value: string; stacktrace: { frames: Array<{ filename: string }> } }>;
      };
      breadcrumbs?: Array<{ category?: string; message?: string }>;
      tags: Record<string, string>;
      contexts: { trace: { trace_id: string } };
      release: string;
      environment: string;
    };
    const [exception] = event.exception.values;
    expect(exception.value).toMatch(/title/);
    expect(exception.stacktrace.frames.length).toBeGreaterThan(3);
    expect(exception.stacktrace.frames.some((frame) => frame.filename.includes('songs.service'))).toBe(true);
    expect(event.tags).toMatchObject({
      service: 'scale-api',
      group: 'experiment',
      zone: 'a',
      'http.request.method': 'GET',
      'http.route': '/api/songs',
    });
    expect(event.release).toMatch(/^scale-api@\d/);
    expect(event.environment).toBe('local');
    expect(event.contexts.trace.trace_id).toBe(traceId);
    const categories = new Set((event.breadcrumbs ?? []).map((crumb) => crumb.category));
    expect(categories).toContain('query');
    expect(categories).toContain('log');
    expect(event.breadcrumbs?.some((crumb) => crumb.category === 'query' && /title/.test(crumb.message ?? ''))).toBe(
      true,
    );

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(
      seriesValue(metrics, 'scale_error_events_total', {
        kind: 'http_5xx',
        service: 'scale-api',
        group: 'experiment',
        zone: 'a',
      }),
    ).toBe(1);

    const logged = api
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; trace_id?: string; span_id?: string });
    const failure = logged.find((line) => line.msg === 'request failed' && line.trace_id === traceId);
    expect(failure?.span_id).toMatch(/^[0-9a-f]{16}$/);
  });
});
