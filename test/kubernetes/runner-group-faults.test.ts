import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@scale/embedded-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { awaitRunning, deployReplicas, SLOW_MS } from './driver-fixtures';
import { createNamespace, deleteNamespace } from './support/cluster';
import { chartRunnerKubeConfig, type Namespaces } from './support/group-faults';
import { kubernetesExperiment, startRunnerProcess, type RunnerProcess } from './support/runner-process';

// The runner process on Kubernetes, with the chart's rights, against an experiment release that has neither
// the fault proxy nor the traffic generator: both group faults are refused over HTTP before anything is done.
describe('the runner on Kubernetes without the optional components', () => {
  let scratch: string;
  let stopPostgres = async () => undefined as unknown;
  let namespaces: Namespaces;
  let runner: RunnerProcess;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'scale-k8s-group-faults-'));
    // The embedded Postgres runs as another user, which must be able to reach its folder.
    await chmod(scratch, 0o755);
    const postgres = await startEmbeddedPostgres({ dataDir: join(scratch, 'postgres') });
    stopPostgres = () => postgres.stop();
    namespaces = {
      experiment: await createNamespace('bare-experiment'),
      control: await createNamespace('bare-control'),
    };
    for (const group of ['experiment', 'control'] as const) {
      await deployReplicas(namespaces[group], group, 'api', 3);
      await awaitRunning(namespaces[group], 3);
    }
    const kubeconfigPath = join(scratch, 'runner.kubeconfig');
    await writeFile(kubeconfigPath, (await chartRunnerKubeConfig(namespaces)).exportConfig(), { mode: 0o600 });
    const groupDatabaseUrls = {
      control: await createDatabase(postgres.url),
      experiment: await createDatabase(postgres.url),
    };
    for (const url of Object.values(groupDatabaseUrls)) await (await openCatalog(url)).destroy();
    runner = await startRunnerProcess({
      databaseUrl: await createDatabase(postgres.url),
      prometheusUrl: 'http://127.0.0.1:9',
      alertmanagerUrl: 'http://127.0.0.1:9',
      groupDatabaseUrls,
      namespaces,
      zoneMode: 'namespace',
      kubeconfigPath,
    });
  }, SLOW_MS);

  afterAll(async () => {
    runner?.process.child.kill('SIGKILL');
    for (const namespace of Object.values(namespaces ?? {})) await deleteNamespace(namespace).catch(() => undefined);
    await stopPostgres();
    await rm(scratch, { recursive: true, force: true });
  }, SLOW_MS);

  it('answers 422 naming faultProxy.enabled for a database-network fault', async () => {
    const fault = { kind: 'database-network', target: { service: 'scale-api' }, params: { latencyMs: 500 } };
    const refused = await runner.call<{ detail: string }>('POST', '/experiments', {
      ...kubernetesExperiment(fault, 5),
      maxTargetShare: 1,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('faultProxy.enabled=true');
    expect(refused.body.detail).toContain(namespaces.experiment);
  });

  it('answers 422 naming traffic.enabled for a traffic surge', async () => {
    const fault = { kind: 'traffic-surge', target: { service: 'scale-api' }, params: { multiplier: 3 } };
    const refused = await runner.call<{ detail: string }>('POST', '/experiments', {
      ...kubernetesExperiment(fault, 5),
      maxTargetShare: 1,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('traffic.enabled=true');
  });

  it('says in GET /faults what each driver needs for the two group faults', async () => {
    const faults = await runner.call<Array<{ kind: string; description: string }>>('GET', '/faults');
    const described = (kind: string) => faults.body.find((fault) => fault.kind === kind)?.description ?? '';
    expect(described('database-network')).toContain('`faultProxy.enabled`');
    expect(described('traffic-surge')).toContain('`traffic.enabled`');
  });
});
