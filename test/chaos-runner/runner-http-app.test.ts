import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../support/catalog-database';
import { EMPTY_CLUSTER } from '../support/empty-cluster';
import { startTestRunner, VIEWER_TOKEN, type TestRunner } from '../support/chaos-runner';
import { eventually } from '../support/extractor';
import { POD_KILL_DOCUMENT } from '../support/runner-report';

/**
 * The HTTP layer inside the whole runner app (createRunnerApp: its modules, global filter, OpenAPI),
 * in front of the real engine services and the runner's real database: the wiring the in-memory
 * tests of runner-http.test.ts cannot see.
 */
describe('the runner app serves the HTTP triggers', () => {
  let runner: TestRunner;
  const anonymous = (method: string, path: string) => fetch(`${runner.url}${path}`, { method });

  beforeAll(async () => {
    runner = await startTestRunner({
      databaseUrl: await createDatabase(inject('adminDatabaseUrl')),
      driver: EMPTY_CLUSTER,
    });
  });

  afterAll(async () => {
    await runner?.close();
  });

  it('guards triggers: 401 with a challenge, 403 for a read-only token, and halts for a read-write one', async () => {
    const missing = await anonymous('POST', '/halt');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await runner.call('POST', '/halt', undefined, VIEWER_TOKEN)).status).toBe(403);
    expect(await runner.call('GET', '/halt', undefined, VIEWER_TOKEN)).toEqual({
      status: 200,
      body: { halted: false },
    });

    expect(await runner.call('POST', '/halt', { reason: 'wiring test' })).toEqual({
      status: 200,
      body: { halted: true, reverted: 0 },
    });
    const refused = await runner.call<{ detail: string }>('POST', '/experiments', POD_KILL_DOCUMENT);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/halted/);
    expect(await runner.call('DELETE', '/halt')).toEqual({ status: 200, body: { halted: false } });
  });

  it('answers the engine’s refusals: 400 naming the field, 422 when no replica can be targeted, 404 for no experiment', async () => {
    const invalid = await runner.call<{ errors: Array<{ path: string }> }>('POST', '/experiments', {
      ...POD_KILL_DOCUMENT,
      durationSeconds: 'long',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((issue) => issue.path)).toEqual(['durationSeconds']);
    const untargetable = await runner.call<{ detail: string }>('POST', '/experiments', POD_KILL_DOCUMENT);
    expect(untargetable.status).toBe(422);
    expect(
      (await runner.call('GET', '/experiments/5d0c6a7e-0000-4000-8000-000000000000', undefined, VIEWER_TOKEN)).status,
    ).toBe(404);
    expect(await runner.call('GET', '/experiments', undefined, VIEWER_TOKEN)).toEqual({ status: 200, body: [] });
  });

  it('keeps the audit log in the runner database and lists it', async () => {
    type Page = { entries: Array<{ actor: string | null; method: string; route: string; status: number | null }> };
    let page: Page | undefined;
    await eventually(
      'the audit log to hold every trigger',
      async () => {
        page = (await runner.call<Page>('GET', '/audit', undefined, VIEWER_TOKEN)).body;
        return page.entries.length >= 7 && page.entries.every((entry) => entry.status !== null);
      },
      10_000,
    );
    expect(
      page!.entries.map(({ actor, method, route, status }) => `${actor ?? '-'} ${method} ${route} ${status}`).reverse(),
    ).toEqual([
      '- POST /halt 401',
      'viewer POST /halt 403',
      'operator POST /halt 200',
      'operator POST /experiments 409',
      'operator DELETE /halt 200',
      'operator POST /experiments 400',
      'operator POST /experiments 422',
    ]);
  });

  it('serves the sign-in page, the report assets and the OpenAPI document', async () => {
    const signIn = await anonymous('GET', '/sign-in?next=/experiments');
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('action="/sign-in"');
    const uplot = await anonymous('GET', '/report-assets/uPlot.iife.min.js');
    expect(uplot.status).toBe(200);
    expect(uplot.headers.get('content-type')).toMatch(/javascript/);
    expect((await anonymous('GET', '/report-assets/..%2F..%2Fpackage.json')).status).toBe(404);
    const openapi = (await (await anonymous('GET', '/api/docs/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(openapi.components.schemas.ExperimentDocument).toBeDefined();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/experiments',
        '/experiments/{id}',
        '/experiments/{id}/abort',
        '/experiments/{id}/report',
        '/halt',
        '/faults',
        '/audit',
      ]),
    );
  });

  it('answers a method a path does not serve with 405 and Allow, before asking for a token', async () => {
    const trace = await anonymous('PATCH', '/halt');
    expect(trace.status).toBe(405);
    expect(trace.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS, POST');
    expect(trace.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await anonymous('PUT', '/experiments/00000000-0000-4000-8000-000000000000')).headers.get('allow')).toBe(
      'GET, HEAD, OPTIONS',
    );
  });

  it('tells a document that breaks its schema (400) from one that breaks a rule the schema cannot say (422)', async () => {
    const document = { ...POD_KILL_DOCUMENT, durationSeconds: 0 };
    expect((await runner.call('POST', '/experiments', document)).status).toBe(400);
    const rules = await runner.call<{ errors: Array<{ path: string; message: string }> }>('POST', '/experiments', {
      ...POD_KILL_DOCUMENT,
      title: '   ',
    });
    expect(rules.status).toBe(422);
    expect(rules.body.errors).toEqual([{ path: 'title', message: 'must not be empty' }]);
  });
});
