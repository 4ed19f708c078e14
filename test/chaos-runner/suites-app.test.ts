import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { ClusterDriver } from '../../apps/chaos-runner/src/drivers/driver';
import type { SuiteRunView, SuiteView } from '../../apps/chaos-runner/src/suites/suite-views';
import { createDatabase } from '../support/catalog-database';
import { EMPTY_CLUSTER } from '../support/empty-cluster';
import { startTestRunner, VIEWER_TOKEN, type TestRunner } from '../support/chaos-runner';
import { eventually } from '../support/extractor';
import { POD_KILL_DOCUMENT } from '../support/runner-report';

/** A cluster with no replicas: every experiment a suite starts is refused before it would need one. */
const NO_REPLICAS: ClusterDriver = {
  ...EMPTY_CLUSTER,
  info: () => Promise.reject(new Error('no cluster in this test')),
};

function suitesDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'scale-suites-'));
  mkdirSync(join(root, 'smoke'));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, 'smoke', file), text);
  return root;
}

/**
 * The suites inside the whole runner app (createRunnerApp): RUNNER_SUITES_DIR read at start-up, the
 * suite_runs table migrated in the runner's database, the real engine refusing what it cannot run,
 * and a run left running by a runner that stopped shown as interrupted by the next one.
 */
describe('the runner app runs the suites of RUNNER_SUITES_DIR', () => {
  let databaseUrl: string;
  let runner: TestRunner;
  const dir = suitesDir({
    '01-pod-kill.json': JSON.stringify(POD_KILL_DOCUMENT),
    '02-pod-kill-again.json': JSON.stringify({ ...POD_KILL_DOCUMENT, title: 'again' }),
  });

  beforeAll(async () => {
    databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
    runner = await startTestRunner({ databaseUrl, driver: NO_REPLICAS, env: { RUNNER_SUITES_DIR: dir } });
  });

  afterAll(async () => {
    await runner?.close();
  });

  it('refuses to start on a suite document that is not valid, naming the file', async () => {
    const broken = suitesDir({ '01-broken.json': '{"title": "half a document",' });
    await expect(
      startTestRunner({ databaseUrl, driver: NO_REPLICAS, env: { RUNNER_SUITES_DIR: broken } }),
    ).rejects.toThrow(`${join(broken, 'smoke', '01-broken.json')} is not valid JSON`);
  });

  it('lists its suites, and runs one to the end, each experiment the cluster cannot take marked not started', async () => {
    const suites = await runner.call<SuiteView[]>('GET', '/suites', undefined, VIEWER_TOKEN);
    expect(suites.body.map((suite) => [suite.name, suite.experiments.map((entry) => entry.title)])).toEqual([
      ['smoke', [POD_KILL_DOCUMENT.title, 'again']],
    ]);
    const started = await runner.call<SuiteRunView>('POST', '/suites/smoke/runs', { dryRun: true });
    expect(started.status).toBe(202);
    let run: SuiteRunView | undefined;
    await eventually('the suite run to end', async () => {
      run = (await runner.call<SuiteRunView>('GET', `/suites/runs/${started.body.id}`, undefined, VIEWER_TOKEN)).body;
      return run.status !== 'running';
    });
    expect(run!.status).toBe('completed');
    expect(run!.experiments.map((step) => step.status)).toEqual(['not-started', 'not-started']);
    expect(run!.experiments[0].detail).toMatch(/scale-api/);
  });

  it('shows a run that was under way when its runner stopped as interrupted once the runner is back', async () => {
    const id = '7d1a0f52-0000-4000-8000-0000000000aa';
    const steps = [
      { file: '01-pod-kill.json', title: 'one', status: 'running', experimentId: null, detail: null },
      { file: '02-pod-kill-again.json', title: 'again', status: 'waiting', experimentId: null, detail: null },
    ];
    await runner.app
      .get(DataSource)
      .query(
        `insert into suite_runs (id, suite, dry_run, status, created_by, created_at, steps) values ($1, 'smoke', false, 'running', 'operator', now(), $2)`,
        [id, JSON.stringify(steps)],
      );
    await runner.close();
    runner = await startTestRunner({ databaseUrl, driver: NO_REPLICAS, env: { RUNNER_SUITES_DIR: dir } });
    const { status, body } = await runner.call<SuiteRunView>('GET', `/suites/runs/${id}`, undefined, VIEWER_TOKEN);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'interrupted', endedAt: expect.any(String) });
    expect(body.reason).toMatch(/runs are not resumed/);
    expect(body.experiments.map((step) => step.status)).toEqual(['interrupted', 'skipped']);
  });
});
