import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExperimentDocumentInput } from '@scale/chaos';
import { eventually } from '../support/extractor';
import { POD_KILL_DOCUMENT } from '../support/runner-report';
import { startRunnerHttp, TOKENS, type RunningRunnerHttp } from '../support/runner-http';

interface AuditRow {
  actor: string | null;
  method: string;
  route: string;
  experiment_id: string | null;
  status: number | null;
  remote_address: string | null;
}

/**
 * The runner's HTTP triggers over real HTTP: the Nest app of the HTTP layer (guard, audit log in a real
 * Postgres, problem documents, OpenAPI), in front of an in-memory double of the engine's service
 * interface. The engine itself (steady state, injection, reverts) is a separate component, tested
 * against a real cluster on its own; here it only has to refuse and accept as the engine does.
 */
describe('the runner HTTP triggers', () => {
  let runner: RunningRunnerHttp;

  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${runner.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: type.includes('json') ? JSON.parse(text) : text,
    };
  };

  /**
   * The audit rows of a route, oldest first, once `count` of them have their outcome (a row is written
   * before the request is acted on, its status once the answer has gone out).
   */
  const auditOf = async (route: string, count: number): Promise<AuditRow[]> => {
    let rows: AuditRow[] = [];
    await eventually(
      `${count} audit rows for ${route}`,
      async () => {
        rows = await runner.dataSource.query(`select * from audit_log where route = $1 order by id`, [route]);
        return rows.length >= count && rows.every((row) => row.status !== null);
      },
      10_000,
    );
    return rows;
  };

  beforeAll(async () => {
    runner = await startRunnerHttp(inject('adminDatabaseUrl'));
  });

  afterAll(async () => {
    await runner?.close();
  });

  it('refuses a trigger without a token, or with one nobody was given, with 401 and a Bearer challenge, and audits both', async () => {
    const missing = await call('POST', '/halt');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="scale-chaos-runner"');
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.body.detail).toMatch(/needs a bearer token/);

    const unknown = await call('POST', '/halt', { token: `${TOKENS.alice}x` });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer realm="scale-chaos-runner", error="invalid_token"');
    // A token in another scheme is no token.
    expect(
      (
        await call('POST', '/halt', {
          headers: { authorization: `Basic ${Buffer.from(`alice:${TOKENS.alice}`).toString('base64')}` },
        })
      ).status,
    ).toBe(401);

    expect(runner.engine.halted).toBe(false);
    const rows = await auditOf('/halt', 3);
    expect(rows.map(({ actor, method, status }) => ({ actor, method, status }))).toEqual([
      { actor: null, method: 'POST', status: 401 },
      { actor: null, method: 'POST', status: 401 },
      { actor: null, method: 'POST', status: 401 },
    ]);
    expect(rows[0].remote_address).toMatch(/127\.0\.0\.1$/);
  });

  it('lets a read-only token read but not halt (403), and names it in the audit log', async () => {
    expect((await call('GET', '/halt', { token: TOKENS.sreBob })).body).toEqual({ halted: false });
    const refused = await call('POST', '/halt', { token: TOKENS.sreBob });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/"sre-bob" is read-only/);
    expect(refused.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(runner.engine.halted).toBe(false);
    const rows = await auditOf('/halt', 4);
    expect(rows[3]).toMatchObject({ actor: 'sre-bob', method: 'POST', status: 403 });
    // Reads are not triggers: they are not audited.
    expect(rows.every((row) => row.method === 'POST')).toBe(true);
  });

  it('requires a token to read too', async () => {
    for (const path of ['/experiments', '/faults', '/audit', '/halt']) {
      const response = await call('GET', path);
      expect([path, response.status]).toEqual([path, 401]);
    }
    expect(
      (await call('GET', '/faults', { token: TOKENS.sreBob })).body.map((fault: { kind: string }) => fault.kind),
    ).toEqual(['pod-kill', 'zone-outage']);
  });

  it('starts an experiment for a read-write token (201), records who and which, and refuses a second one (409)', async () => {
    const started = await call('POST', '/experiments', { token: TOKENS.alice, body: POD_KILL_DOCUMENT });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      title: POD_KILL_DOCUMENT.title,
      status: 'running',
      createdBy: 'alice',
      targets: ['experiment-api-a'],
    });

    const busy = await call('POST', '/experiments', { token: TOKENS.carol, body: POD_KILL_DOCUMENT });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toContain(started.body.id);

    const detail = await call('GET', `/experiments/${started.body.id}`, { token: TOKENS.sreBob });
    expect(detail.status).toBe(200);
    expect(detail.body.journal).toEqual([expect.objectContaining({ step: 'created', detail: { by: 'alice' } })]);
    const list = await call('GET', '/experiments', { token: TOKENS.sreBob });
    expect(list.body.map((experiment: { id: string }) => experiment.id)).toEqual([started.body.id]);

    const aborted = await call('POST', `/experiments/${started.body.id}/abort`, { token: TOKENS.carol });
    expect(aborted.status).toBe(200);
    expect(aborted.body).toMatchObject({ status: 'aborted', abortReason: 'aborted by carol' });

    const starts = await auditOf('/experiments', 2);
    expect(starts.map(({ actor, experiment_id, status }) => ({ actor, experiment_id, status }))).toEqual([
      { actor: 'alice', experiment_id: started.body.id, status: 201 },
      { actor: 'carol', experiment_id: null, status: 409 },
    ]);
    const [abort] = await auditOf('/experiments/:id/abort', 1);
    expect(abort).toMatchObject({ actor: 'carol', method: 'POST', experiment_id: started.body.id, status: 200 });
  });

  it('answers an invalid document with 400 naming every wrong field', async () => {
    const document: Record<string, unknown> = {
      ...POD_KILL_DOCUMENT,
      durationSeconds: 0,
      fault: { kind: 'pod-kill', target: { service: 'scale-api', mode: 'some' } },
      surprise: true,
    };
    const response = await call('POST', '/experiments', { token: TOKENS.alice, body: document });
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/durationSeconds: must be at least 1/);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'durationSeconds', message: 'must be at least 1' },
        { path: 'fault.target.mode', message: expect.stringMatching(/^must be one of one, all, fixed, percent/) },
        { path: 'surprise', message: 'unknown field' },
      ]),
    );
    expect(runner.engine.experiments.size).toBe(1);
  });

  it('refuses targets it cannot select safely with 422', async () => {
    const everything: ExperimentDocumentInput = {
      ...POD_KILL_DOCUMENT,
      fault: { kind: 'pod-kill', target: { service: 'scale-api', mode: 'all' } },
    };
    const tooMany = await call('POST', '/experiments', { token: TOKENS.alice, body: everything });
    expect(tooMany.status).toBe(422);
    const nothing = await call('POST', '/experiments', {
      token: TOKENS.alice,
      body: { ...POD_KILL_DOCUMENT, fault: { kind: 'pod-kill', target: { service: 'scale-nothing' } } },
    });
    expect(nothing.status).toBe(422);
    expect(runner.engine.experiments.size).toBe(1);
  });

  it('halts and releases; a halted runner refuses to start (409)', async () => {
    const halted = await call('POST', '/halt', { token: TOKENS.alice, body: { reason: 'incident in progress' } });
    expect(halted).toMatchObject({ status: 200, body: { halted: true, reverted: 0 } });
    const refused = await call('POST', '/experiments', { token: TOKENS.alice, body: POD_KILL_DOCUMENT });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/halted/);
    expect((await call('POST', '/halt', { token: TOKENS.alice, body: { reason: 7 } })).status).toBe(400);
    expect(await call('DELETE', '/halt', { token: TOKENS.carol })).toMatchObject({
      status: 200,
      body: { halted: false },
    });
    const rows = (await auditOf('/halt', 7))
      .filter((row) => row.actor !== null)
      .map(({ actor, method, status }) => ({ actor, method, status }));
    expect(rows).toEqual([
      { actor: 'sre-bob', method: 'POST', status: 403 },
      { actor: 'alice', method: 'POST', status: 200 },
      { actor: 'alice', method: 'POST', status: 400 },
      { actor: 'carol', method: 'DELETE', status: 200 },
    ]);
  });

  it('answers 404 for an experiment that does not exist, whether or not its id could be one', async () => {
    for (const id of ['5d0c6a7e-0000-4000-8000-000000000000', 'not-an-id', "1'; drop table audit_log; --"]) {
      const response = await call('GET', `/experiments/${encodeURIComponent(id)}`, { token: TOKENS.sreBob });
      expect([id, response.status]).toEqual([id, 404]);
    }
    expect((await call('POST', '/experiments/not-an-id/abort', { token: TOKENS.alice })).status).toBe(404);
  });

  it('lists the audit log for any token, newest first, page by page', async () => {
    await auditOf('/experiments/:id/abort', 2);
    const first = await call('GET', '/audit?limit=2', { token: TOKENS.sreBob });
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.entries[0]).toMatchObject({
      actor: 'alice',
      method: 'POST',
      route: '/experiments/:id/abort',
      status: 404,
    });
    const next = await call('GET', `/audit?limit=500&before=${first.body.nextBefore}`, { token: TOKENS.sreBob });
    const ids = [...first.body.entries, ...next.body.entries].map((entry: { id: string }) => Number(entry.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(next.body.nextBefore).toBeNull();
    expect(
      next.body.entries.some(
        (entry: { actor: string | null; status: number }) => entry.actor === 'sre-bob' && entry.status === 403,
      ),
    ).toBe(true);
    const invalid = await call('GET', '/audit?limit=0', { token: TOKENS.sreBob });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toMatch(/limit must not be less than 1/);
  });

  it('lets a browser read a report with the token it signed in with, but never trigger with it', async () => {
    const [experiment] = runner.engine.experiments.values();
    const reportPath = `/experiments/${experiment.id}/report`;
    const page = await call('GET', reportPath, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(page.body).toContain('<form method="post" action="/sign-in">');
    expect(page.body).toContain(`name="next" value="${reportPath}"`);

    const wrong = await fetch(`${runner.url}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'nope', next: reportPath }),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    const signIn = await fetch(`${runner.url}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ token: TOKENS.sreBob, next: reportPath }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe(reportPath);
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(';')[0];

    const report = await call('GET', reportPath, { headers: { cookie: session } });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(report.body).toContain('<h1 id="title">API survives losing a replica</h1>');
    // A program asking for JSON gets the data the page is drawn from.
    const data = await call('GET', reportPath, { token: TOKENS.sreBob, headers: { accept: 'application/json' } });
    expect(data.status).toBe(200);
    expect(data.body.detail.id).toBe(experiment.id);
    expect(data.body.series.map((series: { name: string }) => series.name)).toEqual([
      'p95 latency',
      'error ratio',
      'throughput',
    ]);
    expect(data.body.markers.map((marker: { label: string }) => marker.label)).toEqual([
      'start',
      'injection',
      'detection',
      'recovery',
      'end',
    ]);
    // Even a read-write token's cookie starts nothing: triggers take the header.
    const aliceCookie = (
      await fetch(`${runner.url}/sign-in`, {
        method: 'POST',
        body: new URLSearchParams({ token: TOKENS.alice }),
        redirect: 'manual',
      })
    ).headers
      .get('set-cookie')!
      .split(';')[0];
    expect((await call('POST', '/halt', { headers: { cookie: aliceCookie } })).status).toBe(401);
    expect(runner.engine.halted).toBe(false);
    // Only this runner's paths are returned to.
    const offsite = await fetch(`${runner.url}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ token: TOKENS.sreBob, next: '//evil.example/' }),
      redirect: 'manual',
    });
    expect(offsite.headers.get('location')).toBe('/');
  });

  it('does not act on a trigger it cannot write to the audit log', async () => {
    await runner.dataSource.query(`alter table audit_log rename to audit_log_elsewhere`);
    try {
      const response = await call('POST', '/halt', { token: TOKENS.alice });
      expect(response.status).toBe(500);
      expect(runner.engine.halted).toBe(false);
    } finally {
      await runner.dataSource.query(`alter table audit_log_elsewhere rename to audit_log`);
    }
  });

  it('publishes an OpenAPI document with the experiment document schema and the bearer scheme', async () => {
    const { status, body } = await call('GET', '/api/docs/openapi.json');
    expect(status).toBe(200);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.components.schemas.ExperimentDocument.properties.fault).toBeDefined();
    expect(body.paths['/experiments'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ExperimentDocument',
    });
    expect(body.paths['/experiments'].post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(body.paths['/experiments'].post.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '422',
      '503',
    ]);
    expect(body.paths['/experiments'].post.responses['422'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
    });
    for (const path of [
      '/experiments/{id}',
      '/experiments/{id}/abort',
      '/experiments/{id}/report',
      '/halt',
      '/faults',
      '/audit',
    ]) {
      expect(body.paths[path], path).toBeDefined();
    }
  });
});
