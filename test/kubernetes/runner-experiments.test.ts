import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { createKwokNodes, startEmbeddedPostgres } from '@scale/embedded-servers';
import { startMonitoring, type RunningMonitoring } from '@scale/monitoring-stack';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import type { ExperimentDetail } from '../../apps/chaos-runner/src/experiments/experiment-views';
import { createDatabase, openCatalog } from '../support/catalog-database';
import { CHART, CI_VALUES, helm, valueArgs } from '../helm/chart';
import { adminKubeConfig, createNamespace, deleteNamespace, eventually, refusalStatus } from './support/cluster';
import {
  kubernetesExperiment,
  serviceAccountKubeconfig,
  startRunnerProcess,
  type RunnerProcess,
  type RunnerTarget,
} from './support/runner-process';

/**
 * The runner as its users run it on Kubernetes: the compiled program with CHAOS_DRIVER=kubernetes, acting
 * with the token of the ServiceAccount the chart made for it, experiments started over HTTP, against the
 * chart's releases of both groups on a real control plane. Pods run on KWOK nodes (no kubelet), so the
 * steady state is a constant query of a real Prometheus; what is checked is what the faults do to the cluster.
 */
const core = adminKubeConfig().makeApiClient(CoreV1Api);
const apps = adminKubeConfig().makeApiClient(AppsV1Api);
const SLOW_MS = 240_000;
const ZONE = 'topology.kubernetes.io/zone';
const POOL = { key: 'scale.dev/pool', value: 'runner-test' };
const POOL_NODES = [
  { name: 'runner-pool-x-1', zone: 'runner-pool-x' },
  { name: 'runner-pool-y-1', zone: 'runner-pool-y' },
];

let scratch = '';
let stopPostgres = async () => undefined as void;
let monitoring: RunningMonitoring | undefined;
let adminDatabaseUrl = '';
const namespaces: string[] = [];
const releases: Array<[string, string]> = [];

async function namespace(prefix: string): Promise<string> {
  const name = await createNamespace(prefix);
  namespaces.push(name);
  return name;
}

async function install(release: string, ns: string, files: string[], set: Record<string, string | boolean> = {}) {
  const result = await helm([
    'upgrade',
    '--install',
    release,
    CHART,
    '--namespace',
    ns,
    '--kubeconfig',
    inject('kubeconfig'),
    ...valueArgs(files, set),
  ]);
  if (result.code !== 0) throw new Error(`helm install ${release} in ${ns} failed:\n${result.stderr}`);
  if (!releases.some(([name, where]) => name === release && where === ns)) releases.push([release, ns]);
}

/** A Secret, made once: installing a release again (an upgrade) keeps the one there. */
async function secret(ns: string, name: string, stringData: Record<string, string>) {
  const status = await refusalStatus(
    core.createNamespacedSecret({ namespace: ns, body: { metadata: { name }, stringData } }),
  );
  if (status !== undefined && status !== 409) throw new Error(`Secret ${ns}/${name} refused with ${status}`);
}

/** One group's pipeline, its database external (a Secret), so no volume is needed. */
async function installGroup(group: 'control' | 'experiment', ns: string, extraValues: string[] = []) {
  await secret(ns, 'scale-object-store', { 'access-key-id': 'scale', 'secret-access-key': 'scale-secret-key' });
  await secret(ns, 'scale-database', { 'database-url': 'postgres://scale:secret@db.invalid:5432/scale' });
  await install(`scale-${group}`, ns, [CI_VALUES[group], ...extraValues], {
    'database.external.existingSecret': 'scale-database',
  });
}

/** The runner's release: its ServiceAccount and RBAC for these two groups (its own pod stays Pending or fake). */
async function installRunner(ns: string, groups: { control: string; experiment: string }, zoneMode: string) {
  await secret(ns, 'scale-object-store', { 'access-key-id': 'scale', 'secret-access-key': 'scale-secret-key' });
  await secret(ns, 'scale-runner-auth', { tokens: 'ci:0123456789abcdef0123', 'webhook-token': 'fedcba9876543210fedc' });
  for (const group of ['control', 'experiment'] as const) {
    await secret(ns, `scale-${group}-database`, { 'database-url': 'postgres://scale:secret@db.invalid:5432/scale' });
  }
  await install('scale-runner', ns, [CI_VALUES.runner], {
    'runner.experimentNamespace': groups.experiment,
    'runner.controlNamespace': groups.control,
    'runner.zoneMode': zoneMode,
    'database.external.existingSecret': 'scale-control-database',
  });
}

async function pipelinePods(ns: string): Promise<V1Pod[]> {
  const { items } = await core.listNamespacedPod({
    namespace: ns,
    labelSelector: 'app.kubernetes.io/part-of=scale,app.kubernetes.io/component in (api,extractor)',
  });
  return items.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
}

const isRunning = (pod: V1Pod) => pod.status?.phase === 'Running';
const placement = async (ns: string) =>
  (await pipelinePods(ns)).map((pod) => `${pod.metadata?.name}@${pod.spec?.nodeName}`).sort();

async function allRunning(ns: string, count: number): Promise<V1Pod[]> {
  return eventually(
    `${count} pipeline pods Running in ${ns}`,
    async () => {
      const pods = await pipelinePods(ns);
      return pods.length === count && pods.every(isRunning) ? pods : undefined;
    },
    SLOW_MS,
  );
}

async function zoneOfPod(pod: V1Pod): Promise<string | undefined> {
  return (await core.readNode({ name: pod.spec?.nodeName ?? '' })).metadata?.labels?.[ZONE];
}

const UNDER_WAY = ['pending', 'checking-steady-state', 'injecting', 'running', 'reverting', 'verifying'];
const ended = (status: string) => !UNDER_WAY.includes(status);

/** Polls the experiment until `done` holds, or it ended otherwise; says what its journal and the runner showed. */
async function experimentStatus(runner: RunnerProcess, id: string, done: (status: string) => boolean) {
  let last: ExperimentDetail | undefined;
  const story = () =>
    `it is ${last?.status} (${last?.abortReason ?? ''}): ${last?.journal.map((entry) => `${entry.step} ${JSON.stringify(entry.detail)}`).join('\n')}\nrunner: ${runner.process.stderr().slice(-3000)}${runner.process.stdout().slice(-3000)}`;
  const detail = await eventually(
    `experiment ${id} to move on`,
    async () => {
      last = (await runner.call<ExperimentDetail>('GET', `/experiments/${id}`)).body;
      return done(last.status) || ended(last.status) ? last : undefined;
    },
    SLOW_MS / 2,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; ${story()}`);
  });
  if (!done(detail.status)) throw new Error(`experiment ${id} ended unexpectedly; ${story()}`);
  return detail;
}

async function start(runner: RunnerProcess, document: unknown): Promise<string> {
  const started = await runner.call<{ id: string; detail?: string }>('POST', '/experiments', document);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  return started.body.id;
}

/** The runner killed with SIGKILL while its fault is in place, then started again on the same database. */
async function killAndRestart(runner: RunnerProcess, target: RunnerTarget): Promise<RunnerProcess> {
  runner.process.child.kill('SIGKILL');
  await runner.process.exited;
  return startRunnerProcess(target);
}

async function groupDatabases() {
  const urls = { control: await createDatabase(adminDatabaseUrl), experiment: await createDatabase(adminDatabaseUrl) };
  for (const url of Object.values(urls)) await (await openCatalog(url)).destroy();
  return urls;
}

/** Both groups and the runner installed by the chart, all pipeline pods Running, and the runner's settings for them. */
async function installAll(
  prefix: string,
  zoneMode: 'namespace' | 'nodes',
  experimentValues: string[] = [],
): Promise<{ target: RunnerTarget; chaos: string }> {
  const groups = { control: await namespace(`${prefix}-control`), experiment: await namespace(`${prefix}-experiment`) };
  const chaos = await namespace(`${prefix}-chaos`);
  await installGroup('control', groups.control);
  await installGroup('experiment', groups.experiment, experimentValues);
  await installRunner(chaos, groups, zoneMode);
  await allRunning(groups.control, 6);
  await allRunning(groups.experiment, 6);
  const kubeconfig = join(scratch, `${prefix}.kubeconfig`);
  const target: RunnerTarget = {
    databaseUrl: await createDatabase(adminDatabaseUrl),
    prometheusUrl: monitoring?.prometheusUrl ?? '',
    alertmanagerUrl: monitoring?.alertmanagerUrl ?? '',
    groupDatabaseUrls: await groupDatabases(),
    namespaces: groups,
    zoneMode,
    kubeconfigPath: await serviceAccountKubeconfig(chaos, 'scale-runner-chaos-runner', kubeconfig),
  };
  return { target, chaos };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'scale-k8s-runner-'));
  // The embedded Postgres runs as another user, which must be able to reach its folder.
  await chmod(scratch, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: join(scratch, 'postgres') });
  stopPostgres = () => postgres.stop();
  adminDatabaseUrl = postgres.url;
  monitoring = await startMonitoring({
    dataDir: join(scratch, 'monitoring'),
    scrapeIntervalSeconds: 1,
    evaluationIntervalSeconds: 1,
  });
}, SLOW_MS);

afterAll(async () => {
  for (const [release, ns] of releases.reverse()) {
    await helm(['uninstall', release, '--namespace', ns, '--kubeconfig', inject('kubeconfig')]);
  }
  for (const ns of namespaces) await deleteNamespace(ns).catch(() => undefined);
  for (const node of POOL_NODES) await core.deleteNode({ name: node.name }).catch(() => undefined);
  await monitoring?.stop();
  await stopPostgres();
  await rm(scratch, { recursive: true, force: true });
}, SLOW_MS);

describe('the runner on Kubernetes, in the namespace zone mode', () => {
  const groups = { control: '', experiment: '' };
  let target: RunnerTarget;
  let runner: RunnerProcess;
  let chaos = '';

  beforeAll(async () => {
    ({ target, chaos } = await installAll('runner', 'namespace'));
    Object.assign(groups, target.namespaces);
    runner = await startRunnerProcess(target);
  }, SLOW_MS);

  afterAll(() => {
    runner?.process.child.kill('SIGKILL');
  });

  it(
    'kills a pod through the HTTP trigger and the ReplicaSet replaces it, the control group untouched',
    async () => {
      const controlBefore = await placement(groups.control);
      const before = new Set((await pipelinePods(groups.experiment)).map((pod) => pod.metadata?.name));
      const id = await start(
        runner,
        kubernetesExperiment(
          { kind: 'pod-kill', target: { service: 'scale-extractor', mode: 'one' }, params: { gracePeriodSeconds: 0 } },
          3,
        ),
      );
      await experimentStatus(runner, id, (status) => status === 'completed');
      const after = await allRunning(groups.experiment, 6);
      const replaced = after.filter((pod) => !before.has(pod.metadata?.name));
      expect(replaced.map((pod) => pod.metadata?.labels?.['app.kubernetes.io/component'])).toEqual(['extractor']);
      expect(await placement(groups.control)).toEqual(controlBefore);
    },
    SLOW_MS,
  );

  it(
    'takes the experiment group out of a zone with a node affinity, and removes it when restarted after a SIGKILL',
    async () => {
      const controlBefore = await placement(groups.control);
      const id = await start(
        runner,
        kubernetesExperiment(
          { kind: 'zone-outage', target: { service: 'scale-api' }, params: { zone: 'zone-a' } },
          600,
        ),
      );
      await experimentStatus(runner, id, (status) => status === 'running');
      const moved = await eventually(
        'the experiment group out of zone-a',
        async () => {
          const pods = await pipelinePods(groups.experiment);
          const zones = await Promise.all(pods.map(zoneOfPod));
          return pods.length === 6 && pods.every(isRunning) && !zones.includes('zone-a') ? zones : undefined;
        },
        SLOW_MS,
      );
      expect(moved).not.toContain('zone-a');
      const excluded = await affinityExcludes(groups.experiment);
      expect(excluded).toEqual({ api: ['zone-a'], extractor: ['zone-a'] });

      runner = await killAndRestart(runner, target);

      await eventually('the affinity removed by the restarted runner', async () => {
        const now = await affinityExcludes(groups.experiment);
        return now.api.length === 0 && now.extractor.length === 0 ? true : undefined;
      });
      await experimentStatus(runner, id, (status) => status === 'aborted');
      expect(await placement(groups.control)).toEqual(controlBefore);
    },
    SLOW_MS,
  );
  it(
    'refuses to cordon a zone whose nodes the control group shares',
    async () => {
      const controlBefore = await placement(groups.control);
      await installRunner(chaos, groups, 'nodes');
      const nodesRunner = await startRunnerProcess({
        ...target,
        databaseUrl: await createDatabase(adminDatabaseUrl),
        zoneMode: 'nodes',
      });
      onTestFinished(() => {
        nodesRunner.process.child.kill('SIGKILL');
      });
      const refused = await nodesRunner.call<{ detail: string }>(
        'POST',
        '/experiments',
        kubernetesExperiment({ kind: 'zone-outage', target: { service: 'scale-api' }, params: { zone: 'zone-a' } }, 5),
      );
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toContain(`not dedicated to namespace ${groups.experiment}`);
      const nodes = await core.listNode({ labelSelector: `${ZONE}=zone-a` });
      expect(nodes.items.every((node) => !node.spec?.unschedulable)).toBe(true);
      expect(await placement(groups.control)).toEqual(controlBefore);
    },
    SLOW_MS,
  );
});

/** The zones the chart's Deployments are kept out of by a required node affinity, per component. */
async function affinityExcludes(ns: string): Promise<{ api: string[]; extractor: string[] }> {
  const { items } = await apps.listNamespacedDeployment({ namespace: ns });
  const excluded = (component: string) =>
    items
      .filter((deployment) => deployment.metadata?.labels?.['app.kubernetes.io/component'] === component)
      .flatMap(
        (deployment) =>
          deployment.spec?.template.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
            ?.nodeSelectorTerms ?? [],
      )
      .flatMap((term) => term.matchExpressions ?? [])
      .filter((expression) => expression.key === ZONE && expression.operator === 'NotIn')
      .flatMap((expression) => expression.values ?? []);
  return { api: excluded('api'), extractor: excluded('extractor') };
}

describe('the runner on Kubernetes, in the nodes zone mode', () => {
  const groups = { control: '', experiment: '' };
  let target: RunnerTarget;
  let runner: RunnerProcess;
  const unschedulable = async () =>
    Object.fromEntries(
      await Promise.all(
        POOL_NODES.map(async ({ name }) => [name, (await core.readNode({ name })).spec?.unschedulable ?? false]),
      ),
    ) as Record<string, boolean>;

  beforeAll(async () => {
    await createKwokNodes(
      inject('kubeconfig'),
      POOL_NODES.map(({ name, zone }) => ({
        name,
        zone,
        labels: { [POOL.key]: POOL.value },
        taints: [{ key: POOL.key, value: POOL.value, effect: 'NoSchedule' }],
      })),
    );
    const poolValues = join(scratch, 'pool-values.json');
    await writeFile(
      poolValues,
      JSON.stringify({
        nodeSelector: { [POOL.key]: POOL.value },
        tolerations: [{ key: POOL.key, operator: 'Equal', value: POOL.value, effect: 'NoSchedule' }],
      }),
    );
    ({ target } = await installAll('nodes', 'nodes', [poolValues]));
    Object.assign(groups, target.namespaces);
    runner = await startRunnerProcess(target);
  }, SLOW_MS);

  afterAll(() => {
    runner?.process.child.kill('SIGKILL');
  });

  it(
    'cordons the dedicated zone, and uncordons exactly those nodes when restarted after a SIGKILL',
    async () => {
      const controlBefore = await placement(groups.control);
      const id = await start(runner, {
        ...kubernetesExperiment(
          { kind: 'zone-outage', target: { service: 'scale-api' }, params: { zone: 'runner-pool-x' } },
          600,
        ),
        maxTargetShare: 1,
      });
      await experimentStatus(runner, id, (status) => status === 'running');
      expect(await unschedulable()).toEqual({ 'runner-pool-x-1': true, 'runner-pool-y-1': false });
      await eventually(
        'the experiment group out of runner-pool-x',
        async () => {
          const pods = await pipelinePods(groups.experiment);
          return pods.length === 6 && pods.every((pod) => isRunning(pod) && pod.spec?.nodeName === 'runner-pool-y-1')
            ? true
            : undefined;
        },
        SLOW_MS,
      );

      runner = await killAndRestart(runner, target);

      await eventually('the cordoned node uncordoned by the restarted runner', async () => {
        const now = await unschedulable();
        return now['runner-pool-x-1'] === false ? now : undefined;
      });
      expect(await unschedulable()).toEqual({ 'runner-pool-x-1': false, 'runner-pool-y-1': false });
      await experimentStatus(runner, id, (status) => status === 'aborted');
      expect(await placement(groups.control)).toEqual(controlBefore);
    },
    SLOW_MS,
  );
});
