import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeGeneratedCatalog } from '@scale/catalog';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { startApi, type RunningApi } from '../support/api';
import { startTestRunner, OPERATOR_TOKEN, WEBHOOK_TOKEN, type TestRunner } from '../support/chaos-runner';
import type { Replica } from '../../apps/chaos-runner/src/drivers/driver';
import { EMPTY_CLUSTER } from '../support/empty-cluster';
import { POD_KILL_DOCUMENT } from '../support/runner-report';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const SCHEMATHESIS = join(ROOT, '.scale', 'fuzz-venv', 'bin', 'schemathesis');
const REPORTS = join(ROOT, 'test-results', 'openapi-fuzz');

/**
 * Schemathesis (PyPI, pinned in scripts/install-fuzzer.sh) reads an OpenAPI document and generates requests
 * from it with Hypothesis: examples, boundary values of every bound, then random and schema-violating data,
 * then chains of calls. It is the maintained property-based fuzzer for OpenAPI, the one API users point at
 * a document they are given, and it checks what the contract promises rather than only 5xx: with every
 * check on, a request the schema allows must be accepted, one it forbids refused with a 4xx, a method a path
 * does not serve answered 405 with Allow, and every response's status, content type, headers and body must
 * be documented. A fixed seed keeps a CI run repeatable; FUZZ_SEED and FUZZ_MAX_EXAMPLES explore further.
 */
async function fuzz(
  name: string,
  url: string,
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  await mkdir(REPORTS, { recursive: true });
  const args = [
    '--config-file',
    join(__dirname, `${name}.schemathesis.toml`),
    'run',
    `${url}/api/docs/openapi.json`,
    '--checks',
    'all',
    '--max-examples',
    process.env.FUZZ_MAX_EXAMPLES ?? '40',
    '--seed',
    process.env.FUZZ_SEED ?? '20261203',
    '--workers',
    '2',
    '--request-timeout',
    '20',
    '--report',
    'junit',
    '--report-junit-path',
    join(REPORTS, `${name}.xml`),
  ];
  try {
    const { stdout } = await run(SCHEMATHESIS, args, {
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        NO_COLOR: '1',
        ...env,
      },
    });
    // What was sent, in one line of the test's log; Schemathesis's own summary goes to a file beside the JUnit
    // report. Its closing lines ("2 warnings in 23.85s") read like a pytest run of no test to tools that scan
    // CI logs for a test runner's last line.
    await writeFile(join(REPORTS, `${name}.log`), stdout);
    const operations = /Tested:\s*(\d+)/.exec(stdout)?.[1] ?? '?';
    const cases = /(\d+) generated/.exec(stdout)?.[1] ?? '?';
    process.stdout.write(
      `Schemathesis on the ${name}'s document: ${operations} operations, ${cases} test cases, no failure (${join(REPORTS, `${name}.log`)})\n`,
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const replica = (group: Replica['group'], zone: string): Replica => ({
  id: `${group}-api-${zone}`,
  service: 'scale-api',
  group,
  zone,
  address: '127.0.0.1:9',
  pids: [],
  state: 'running',
  restarts: 0,
  startedAt: new Date().toISOString(),
});

/**
 * Replicas to select, and nothing behind them: an experiment starts and then fails at its first steady-state
 * check (Prometheus is not there), so the runner holds one real experiment record for the fuzzer to read.
 */
const CLUSTER = {
  ...EMPTY_CLUSTER,
  replicas: async () => ['a', 'b'].flatMap((zone) => [replica('control', zone), replica('experiment', zone)]),
};

describe('the OpenAPI documents are exact (fuzzed by Schemathesis)', () => {
  let api: RunningApi;
  let runner: TestRunner;
  let experimentId: string;

  beforeAll(async () => {
    const catalogUrl = await createDatabase(inject('adminDatabaseUrl'));
    const catalog = await openCatalog(catalogUrl);
    await writeGeneratedCatalog(catalog, { seed: 11, count: 300, bucket: 'scale-midi' });
    await catalog.destroy();
    api = await startApi(catalogUrl);
    runner = await startTestRunner({
      databaseUrl: await createDatabase(inject('adminDatabaseUrl')),
      driver: CLUSTER,
    });
    const started = await runner.call<{ id: string }>('POST', '/experiments', { ...POD_KILL_DOCUMENT, dryRun: true });
    expect(started.status).toBe(201);
    experimentId = started.body.id;
    await runner.until(experimentId, 'finished', (detail) => detail.endedAt !== null);
  });

  afterAll(async () => {
    await api?.app.close();
    await runner?.close();
  });

  it('the API accepts every request its document allows and answers only what it documents', async () => {
    const result = await fuzz('api', api.url);
    expect(result.code, result.output).toBe(0);
  });

  it('the runner accepts every request its document allows and answers only what it documents', async () => {
    const result = await fuzz('runner', runner.url, {
      FUZZ_RUNNER_TOKEN: OPERATOR_TOKEN,
      FUZZ_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      FUZZ_EXPERIMENT_ID: experimentId,
    });
    expect(result.code, result.output).toBe(0);
  });
});
