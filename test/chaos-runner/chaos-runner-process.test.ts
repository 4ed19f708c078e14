import { resolve } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { findFreePort } from '@scale/embedded-servers';
import { createDatabase } from '../support/catalog-database';
import { OPERATOR_TOKEN, experimentDocument } from '../support/chaos-runner';
import { eventually, runCli } from '../support/extractor';

const DIST = resolve(__dirname, '..', '..', 'dist', 'apps', 'chaos-runner', 'src');

/** The runner as deployed: the compiled program with its instrumentation entry, its own database, the local driver. */
describe('the chaos runner program', () => {
  it('serves health, metrics and its OpenAPI document, says clearly when the cluster is unreachable, and exits cleanly on SIGTERM', async () => {
    const port = await findFreePort();
    const nothingThere = await findFreePort();
    const runner = runCli(
      [],
      {
        DATABASE_URL: await createDatabase(inject('adminDatabaseUrl')),
        CHAOS_RUNNER_PORT: String(port),
        LOCAL_CLUSTER_URL: `http://127.0.0.1:${nothingThere}`,
        RUNNER_TOKENS: `operator:${OPERATOR_TOKEN}`,
        LOG_LEVEL: 'warn',
      },
      resolve(DIST, 'main.js'),
      ['--import', resolve(DIST, 'instrument.js')],
    );
    onTestFinished(() => {
      if (runner.child.exitCode === null) runner.child.kill('SIGKILL');
    });
    const url = `http://127.0.0.1:${port}`;
    const ready = async () => {
      if (runner.child.exitCode !== null) throw new Error(`the runner exited with code ${runner.child.exitCode}`);
      return (await fetch(`${url}/readyz`).catch(() => null))?.status === 200;
    };
    await eventually('the runner to be ready', ready, 60_000, 200).catch((error: Error) => {
      throw new Error(`${error.message}; stderr: ${runner.stderr()}`);
    });

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^scale_build_info\{.*service="scale-chaos-runner".*\} 1$/m);
    expect(metrics).toMatch(/^scale_chaos_runner_halted\{.*\} 0$/m);
    expect(metrics).toMatch(/^db_client_connection_count\{/m);

    const openapi = (await (await fetch(`${url}/api/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/experiments', '/experiments/{id}', '/halt', '/faults']),
    );

    const authorization = { authorization: `Bearer ${OPERATOR_TOKEN}` };
    const faults = (await (await fetch(`${url}/faults`, { headers: authorization })).json()) as Array<{
      kind: string;
      level: string;
    }>;
    expect(faults.map((fault) => `${fault.kind}:${fault.level}`)).toEqual([
      'cpu-hog:container',
      'container-shutdown:container',
      'container-kill:container',
      'container-freeze:container',
      'pod-kill:pod',
      'zone-outage:zone',
      'database-network:group',
      'traffic-surge:group',
      'memory-hog:container',
      'disk-fill:container',
    ]);

    const started = await fetch(`${url}/experiments`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify(experimentDocument({ kind: 'pod-kill', target: { service: 'scale-api' } })),
    });
    expect(started.status).toBe(503);
    expect(started.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await started.json()) as { detail: string }).detail).toBe(
      `the local cluster at http://127.0.0.1:${nothingThere} did not answer GET /replicas: connection refused (is it running?)`,
    );

    runner.child.kill('SIGTERM');
    expect(await runner.exited, `${runner.stdout()}\n${runner.stderr()}`).toBe(0);
  });

  it('refuses to start with a setting it does not understand, naming it', async () => {
    const runner = runCli(
      [],
      { CHAOS_DRIVER: 'docker', DATABASE_URL: 'postgres://127.0.0.1:1/none' },
      resolve(DIST, 'main.js'),
    );
    expect(await runner.exited).toBe(1);
    expect(runner.stderr()).toContain('CHAOS_DRIVER');
  });
});
