import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExperimentStatus } from '../../apps/chaos-runner/src/experiments/experiment-views';
import type { SuiteRunView, SuiteView } from '../../apps/chaos-runner/src/suites/suite-views';
import { eventually } from '../support/extractor';
import { startRunnerHttp, TOKENS, type RunningRunnerHttp } from '../support/runner-http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The suites over real HTTP: the runner's HTTP layer with the real suites service on the repository's
 * suites (RUNNER_SUITES_DIR's default), its runs in a real Postgres, in front of the engine's
 * in-memory double, whose experiments end when the test says so.
 */
describe('the runner HTTP suites', () => {
  let runner: RunningRunnerHttp;

  const call = async (method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${runner.url}${path}`, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, type, body: type.includes('json') ? JSON.parse(text) : text };
  };
  const run = async (id: string): Promise<SuiteRunView> =>
    (await call('GET', `/suites/runs/${id}`, { token: TOKENS.sreBob })).body;
  /** Ends the experiment the run's step `index` started, once it has started one. */
  const endStep = async (id: string, index: number, status: ExperimentStatus) => {
    let experimentId: string | null = null;
    await eventually(`step ${index} of suite run ${id} to start its experiment`, async () => {
      experimentId = (await run(id)).experiments[index].experimentId;
      return experimentId !== null;
    });
    runner.engine.experiments.get(experimentId!)!.status = status;
    return experimentId!;
  };

  beforeAll(async () => {
    runner = await startRunnerHttp(inject('adminDatabaseUrl'));
  });

  afterAll(async () => {
    await runner?.close();
  });

  it('lists the suites for any token, each experiment with its title, fault, target, duration and expected alerts', async () => {
    expect((await call('GET', '/suites')).status).toBe(401);
    const { status, body } = await call('GET', '/suites', { token: TOKENS.sreBob });
    expect(status).toBe(200);
    const [suite] = body as SuiteView[];
    expect(suite.name).toBe('default');
    expect(suite.experiments.map(({ file, faultKind }) => `${file} ${faultKind}`)).toEqual([
      '01-cpu-hog.json cpu-hog',
      '02-container-kill.json container-kill',
      '03-pod-kill.json pod-kill',
      '04-zone-outage.json zone-outage',
      '05-traffic-surge.json traffic-surge',
      '06-memory-hog.json memory-hog',
      '07-disk-fill.json disk-fill',
      '08-database-network.json database-network',
    ]);
    expect(suite.experiments[0]).toMatchObject({
      title: 'API keeps its latency under a CPU hog in one container',
      target: { service: 'scale-api', mode: 'one' },
      params: { cores: 1, loadPercent: 100 },
      durationSeconds: 60,
      expectedAlerts: [{ alertname: 'ContainerCpuThrottled', withinSeconds: 60 }],
      dryRun: false,
    });
  });

  it('refuses to run a suite without a read-write token (401, 403), and audits both', async () => {
    expect((await call('POST', '/suites/default/runs', { body: { dryRun: true } })).status).toBe(401);
    const refused = await call('POST', '/suites/default/runs', { token: TOKENS.sreBob, body: { dryRun: true } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/"sre-bob" is read-only/);
    expect((await call('GET', '/suites/runs', { token: TOKENS.sreBob })).body).toEqual([]);
  });

  it('answers every body but {"dryRun": boolean} with a 400 problem naming what is wrong', async () => {
    const cases: Array<[{ body?: unknown; raw?: string }, RegExp]> = [
      [{}, /the body must be a JSON object/],
      [{ body: {} }, /dryRun: required \(true or false\)/],
      [{ body: { dryRun: 'true' } }, /dryRun: must be a boolean/],
      [{ body: { dryRun: 1 } }, /dryRun: must be a boolean/],
      [{ body: { dryRun: true, force: true } }, /force: unknown field/],
      [{ body: [{ dryRun: true }] }, /the body must be a JSON object/],
      [{ body: 'dryRun' }, /./],
      [{ raw: '{"dryRun": tru' }, /./],
      [{ raw: 'null' }, /./],
    ];
    for (const [request, detail] of cases) {
      const response = await call('POST', '/suites/default/runs', { token: TOKENS.alice, ...request });
      expect([request, response.status, response.type]).toEqual([
        request,
        400,
        expect.stringMatching(/^application\/problem\+json/),
      ]);
      expect(response.body.detail, JSON.stringify(request)).toMatch(detail);
    }
    // Checked before the suite is looked up: an unknown suite with a wrong body is still a 400.
    expect((await call('POST', '/suites/nope/runs', { token: TOKENS.alice, body: { dryRun: 'no' } })).status).toBe(400);
    expect(runner.engine.experiments.size).toBe(0);
  });

  it('refuses an unknown suite with 404, naming those it knows', async () => {
    for (const name of ['nope', 'DEFAULT', 'default%20', 'default.json']) {
      const response = await call('POST', `/suites/${name}/runs`, { token: TOKENS.alice, body: { dryRun: true } });
      expect([name, response.status]).toEqual([name, 404]);
      expect(response.body.detail).toMatch(/this runner knows default \(GET \/suites\)$/);
    }
  });

  it('runs a suite as dry runs one experiment after another (202), refusing a second run meanwhile (409)', async () => {
    const started = await call('POST', '/suites/default/runs', { token: TOKENS.alice, body: { dryRun: true } });
    expect(started.status).toBe(202);
    const id: string = started.body.id;
    expect(id).toMatch(UUID);
    expect(started.body).toMatchObject({ suite: 'default', dryRun: true, status: 'running', createdBy: 'alice' });
    expect(
      started.body.experiments.map((step: { file: string; status: string }) => `${step.file} ${step.status}`),
    ).toEqual([
      '01-cpu-hog.json waiting',
      '02-container-kill.json waiting',
      '03-pod-kill.json waiting',
      '04-zone-outage.json waiting',
      '05-traffic-surge.json waiting',
      '06-memory-hog.json waiting',
      '07-disk-fill.json waiting',
      '08-database-network.json waiting',
    ]);

    const busy = await call('POST', '/suites/default/runs', { token: TOKENS.carol, body: { dryRun: false } });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toBe(`suite run ${id} ("default") is still running; one suite runs at a time`);

    const first = await endStep(id, 0, 'completed');
    const experiment = (await call('GET', `/experiments/${first}`, { token: TOKENS.sreBob })).body;
    expect(experiment).toMatchObject({ faultKind: 'cpu-hog', createdBy: 'alice', document: { dryRun: true } });
    // The second starts only once the first has ended.
    await endStep(id, 1, 'aborted');
    await endStep(id, 2, 'completed');
    await endStep(id, 3, 'completed');
    await endStep(id, 4, 'completed');
    await endStep(id, 5, 'completed');
    await endStep(id, 6, 'completed');
    await endStep(id, 7, 'completed');
    await eventually(`suite run ${id} to complete`, async () => (await run(id)).status === 'completed');
    const done = await run(id);
    expect(done.endedAt).not.toBeNull();
    expect(done.experiments.map((step) => step.status)).toEqual([
      'completed',
      'aborted',
      'completed',
      'completed',
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    expect(runner.engine.experiments.size).toBe(8);
    expect([...runner.engine.experiments.values()].every((entry) => entry.document.dryRun)).toBe(true);

    const listed = (await call('GET', '/suites/runs', { token: TOKENS.sreBob })).body;
    expect(listed.map((entry: SuiteRunView) => entry.id)).toEqual([id]);
    const rows: Array<{ actor: string | null; status: number }> = await runner.dataSource.query(
      `select actor, status from audit_log where route = '/suites/:name/runs' and status in (202, 409) order by id`,
    );
    expect(rows).toEqual([
      { actor: 'alice', status: 202 },
      { actor: 'carol', status: 409 },
    ]);
  });

  it('refuses to run a suite while the runner is halted (409), and while an experiment runs (409)', async () => {
    expect((await call('POST', '/halt', { token: TOKENS.alice })).status).toBe(200);
    const halted = await call('POST', '/suites/default/runs', { token: TOKENS.alice, body: { dryRun: true } });
    expect(halted.status).toBe(409);
    expect(halted.body.detail).toMatch(/the runner is halted/);
    expect((await call('DELETE', '/halt', { token: TOKENS.alice })).status).toBe(200);

    const [{ id: experimentId }] = (await call('GET', '/experiments', { token: TOKENS.sreBob })).body;
    runner.engine.experiments.get(experimentId)!.status = 'running';
    const busy = await call('POST', '/suites/default/runs', { token: TOKENS.alice, body: { dryRun: true } });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toMatch(
      new RegExp(`^experiment ${experimentId} .* is still running in the experiment group`),
    );
    runner.engine.experiments.get(experimentId)!.status = 'completed';
  });

  it('ends a run as halted when the runner is halted during it', async () => {
    const { body } = await call('POST', '/suites/default/runs', { token: TOKENS.alice, body: { dryRun: true } });
    await endStep(body.id, 0, 'running');
    expect((await call('POST', '/halt', { token: TOKENS.carol, body: { reason: 'incident' } })).status).toBe(200);
    await eventually('the suite run to end as halted', async () => (await run(body.id)).status === 'halted');
    const halted = await run(body.id);
    expect(halted.experiments.map((step) => step.status)).toEqual([
      'aborted',
      'not-started',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(halted.experiments[1].detail).toMatch(/halted/);
    expect((await call('DELETE', '/halt', { token: TOKENS.alice })).status).toBe(200);
  });

  it('answers 404 for a run that does not exist, whether or not its id could be one', async () => {
    for (const id of ['5d0c6a7e-0000-4000-8000-000000000000', 'not-an-id', "1'; drop table suite_runs; --"]) {
      const response = await call('GET', `/suites/runs/${encodeURIComponent(id)}`, { token: TOKENS.sreBob });
      expect([id, response.status, response.type]).toEqual([
        id,
        404,
        expect.stringMatching(/^application\/problem\+json/),
      ]);
    }
  });

  it('documents the suites in OpenAPI exactly: statuses, problems, uuids, date-times, integers, enums, the body', async () => {
    const { body } = await call('GET', '/api/docs/openapi.json');
    const start = body.paths['/suites/{name}/runs'].post;
    expect(Object.keys(start.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '403', '404', '409']));
    for (const status of ['400', '401', '403', '404', '409']) {
      const [problem] = Object.values(start.responses[status].content) as Array<{ schema: { $ref: string } }>;
      expect([status, problem.schema.$ref]).toEqual([status, '#/components/schemas/ProblemDto']);
    }
    expect(start.security).toEqual([{ bearer: [] }]);
    expect(start.requestBody).toMatchObject({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['dryRun'],
            additionalProperties: false,
            properties: { dryRun: { type: 'boolean' } },
          },
        },
      },
    });
    expect(start.parameters[0]).toMatchObject({ name: 'name', in: 'path', schema: { pattern: expect.any(String) } });
    expect(Object.keys(body.paths['/suites'].get.responses)).toEqual(expect.arrayContaining(['200', '401']));
    expect(Object.keys(body.paths['/suites/runs'].get.responses)).toEqual(expect.arrayContaining(['200', '401']));
    const one = body.paths['/suites/runs/{id}'].get;
    expect(Object.keys(one.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    expect(one.parameters[0]).toMatchObject({ name: 'id', schema: { format: 'uuid' } });

    const { SuiteRunDto, SuiteRunStepDto, SuiteExperimentDto } = body.components.schemas;
    expect(SuiteRunDto.properties.id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(SuiteRunDto.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(SuiteRunDto.properties.endedAt).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
    expect(SuiteRunDto.properties.status.enum).toEqual(['running', 'completed', 'halted', 'failed', 'interrupted']);
    expect(SuiteRunStepDto.properties.experimentId).toMatchObject({ format: 'uuid', nullable: true });
    expect(SuiteExperimentDto.properties.durationSeconds).toMatchObject({ type: 'integer', minimum: 1, maximum: 3600 });
    expect(SuiteExperimentDto.properties.faultKind.enum).toContain('zone-outage');
  });
});
