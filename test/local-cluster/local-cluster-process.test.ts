import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ClusterInfo, ReplicaView } from '../../apps/local-cluster/src/cluster-options';
import { S3_CREDENTIALS } from '../support/bucket';
import { eventually, runCli, type RunningProcess } from '../support/extractor';
import { ControlClient } from '../support/local-cluster';

const PROGRAM = resolve(__dirname, '..', '..', 'dist', 'apps', 'local-cluster', 'src');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The cluster as the demo runs it: the compiled program, configured by its environment. */
async function startProgram(
  environment: Record<string, string> = {},
): Promise<{ program: RunningProcess; info: ClusterInfo }> {
  const suffix = randomBytes(4).toString('hex');
  const program = runCli(
    [],
    {
      SCALE_DATA_DIR: await mkdtemp(join(inject('scratchDir'), 'local-cluster-program-')),
      DATABASE_URL: inject('adminDatabaseUrl'),
      LOCAL_CLUSTER_DATABASE_PREFIX: `lcp_${suffix}`,
      S3_ENDPOINT: inject('s3Endpoint'),
      S3_BUCKET: `lcp-${suffix}`,
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      LOCAL_CLUSTER_PORT: '0',
      PROMETHEUS_SCRAPE_INTERVAL_SECONDS: '1',
      PROMETHEUS_EVALUATION_INTERVAL_SECONDS: '1',
      LOCAL_CLUSTER_STOP_GRACE_SECONDS: '2',
      // Its steps as it starts and stops, for a failure to show where it stood.
      LOG_LEVEL: 'info',
      ...environment,
    },
    join(PROGRAM, 'main.js'),
    ['--import', join(PROGRAM, 'instrument.js')],
  );
  await eventually(
    'the cluster to print its info',
    async () => {
      if (program.child.exitCode !== null) {
        throw new Error(`the cluster exited with ${program.child.exitCode}: ${program.stderr()}`);
      }
      return program.stdout().includes('\n');
    },
    120_000,
    200,
  );
  return { program, info: JSON.parse(program.stdout().split('\n')[0]) as ClusterInfo };
}

/** The program's exit code, or a failure that shows what it logged while it did not stop. */
async function exitWithin(program: RunningProcess, timeoutMs: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`the cluster did not exit within ${timeoutMs} ms of SIGTERM; it logged:\n${program.stderr()}`),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([program.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

// The program around startLocalCluster: its environment, its output, and how it ends.
describe('local cluster program', () => {
  let running: RunningProcess | undefined;
  afterEach(() => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  });

  it('sends traffic to both groups, and stops everything on SIGTERM', async () => {
    const { program, info } = await startProgram({ TRAFFIC_RATE_PER_GROUP: '5', TRAFFIC_OBJECTS_PER_SECOND: '1' });
    running = program;
    const control = new ControlClient(info.controlUrl);
    expect((await control.get<ClusterInfo>('/cluster')).body).toEqual(info);
    expect(info.groups.experiment.databaseUrl).toMatch(/\/lcp_[0-9a-f]{8}_experiment$/);

    await eventually(
      'answered requests in both groups',
      async () => {
        const metrics = (await control.get<string>('/metrics')).body;
        return ['control', 'experiment'].every((group) =>
          new RegExp(`^scale_traffic_requests_total\\{[^}]*group="${group}"[^}]*outcome="ok"[^}]*\\} [1-9]`, 'm').test(
            metrics,
          ),
        );
      },
      30_000,
      500,
    );

    const pids = (await control.get<ReplicaView[]>('/replicas')).body.flatMap((replica) => replica.pids);
    expect(pids).toHaveLength(8);
    program.child.kill('SIGTERM');
    expect(await exitWithin(program, 60_000)).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
  }, 240_000);

  it('takes its replicas with it when it is killed', async () => {
    const { program, info } = await startProgram({ TRAFFIC_RATE_PER_GROUP: '0', TRAFFIC_OBJECTS_PER_SECOND: '0' });
    running = program;
    const control = new ControlClient(info.controlUrl);
    // A frozen replica too, which holds a SIGTERM until it is continued.
    expect((await control.post('/replicas/experiment-api-a/signal', { signal: 'SIGSTOP' })).status).toBe(200);
    const pids = (await control.get<ReplicaView[]>('/replicas')).body.flatMap((replica) => replica.pids);
    expect(pids).toHaveLength(8);

    program.child.kill('SIGKILL');
    await program.exited;
    // The grace period (2 s) and a margin.
    await eventually('every replica to have gone', async () => pids.every((pid) => !alive(pid)), 10_000, 100);
  });
});
