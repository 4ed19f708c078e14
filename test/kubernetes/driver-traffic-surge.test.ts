import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TargetSelectionError } from '@scale/chaos';
import { findFreePort } from '@scale/embedded-servers';
import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesDriver } from '../../apps/chaos-runner/src/drivers/kubernetes/kubernetes-driver';
import { trafficSurge } from '../../apps/chaos-runner/src/faults/traffic/traffic-surge';
import { readMultiplier } from '../../apps/local-cluster/src/traffic/group-generator/multiplier-follower';
import { named } from '../helm/chart';
import { awaitRunning, driverFor } from './driver-fixtures';
import { adminKubeConfig, createNamespace, deleteNamespace, eventually, refusalStatus } from './support/cluster';
import {
  chartRunnerKubeConfig,
  createAll,
  renderGroup,
  serviceAccountKubeConfig,
  type Namespaces,
} from './support/group-faults';

const PROGRAM = resolve(__dirname, '../../dist/apps/local-cluster/src/traffic/group-generator/main.js');
const STEADY_PER_SECOND = 10;
const SURGE = 4;
const INJECTION = { replicaIds: [], revert: { group: 'experiment' as const } };

const admin = adminKubeConfig();
const core = admin.makeApiClient(CoreV1Api);
const apps = admin.makeApiClient(AppsV1Api);

const generatorName = (group: 'experiment' | 'control') => `scale-${group}-traffic-generator`;

/** The group's traffic generator as the chart renders it (ConfigMap, its ServiceAccount and Role, Deployment). */
async function deployGenerator(group: 'experiment' | 'control', namespace: string): Promise<void> {
  const rendered = await renderGroup(group, namespace, { 'traffic.enabled': true });
  const kinds = ['ConfigMap', 'ServiceAccount', 'Role', 'RoleBinding', 'Deployment'];
  await createAll(
    namespace,
    kinds.map((kind) => named(rendered, kind, generatorName(group))),
  );
}

/** The group's API as the generator sees it: every search counted, every listing empty. */
async function startCountingApi(): Promise<{ url: string; searches: () => number; server: Server }> {
  let searches = 0;
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/api/songs?q=')) searches++;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[],"nextCursor":null}');
  });
  const port = await findFreePort();
  await new Promise<void>((ready) => server.listen(port, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${port}`, searches: () => searches, server };
}

/** Searches per second the generator sends over `seconds`. */
async function rate(api: { searches: () => number }, seconds = 3): Promise<number> {
  const before = api.searches();
  await sleep(seconds * 1000);
  return (api.searches() - before) / seconds;
}

describe('Kubernetes driver: traffic-surge through the generator ConfigMap', () => {
  let namespaces: Namespaces;
  let bare: Namespaces;
  let driver: KubernetesDriver;
  let runner: KubeConfig;
  let api: Awaited<ReturnType<typeof startCountingApi>>;
  let generator: ChildProcess | undefined;
  let podsBefore: string[];

  beforeAll(async () => {
    if (!existsSync(PROGRAM)) throw new Error(`${PROGRAM} is missing: run npm run build first`);
    namespaces = {
      experiment: await createNamespace('surge-experiment'),
      control: await createNamespace('surge-control'),
    };
    for (const group of ['experiment', 'control'] as const) await deployGenerator(group, namespaces[group]);
    podsBefore = (await awaitRunning(namespaces.experiment, 1)).map((pod) => pod.metadata?.name ?? '');
    runner = await chartRunnerKubeConfig(namespaces);
    driver = driverFor(runner, namespaces);
    bare = { experiment: await createNamespace('surge-bare'), control: await createNamespace('surge-bare-control') };
    await deployGenerator('control', bare.control);

    // The generator's program, with its ServiceAccount's token, loading a counting API.
    api = await startCountingApi();
    const kubeconfig = join(tmpdir(), `${namespaces.experiment}-generator.kubeconfig`);
    const account = await serviceAccountKubeConfig(namespaces.experiment, generatorName('experiment'));
    await writeFile(kubeconfig, account.exportConfig());
    generator = spawn(process.execPath, [PROGRAM], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        KUBECONFIG: kubeconfig,
        TRAFFIC_GROUP: 'experiment',
        TRAFFIC_API_URL: api.url,
        TRAFFIC_REQUESTS_PER_SECOND: String(STEADY_PER_SECOND),
        TRAFFIC_CONFIGMAP: generatorName('experiment'),
        TRAFFIC_MULTIPLIER_POLL_SECONDS: '0.2',
        TRAFFIC_PORT: String(await findFreePort()),
        POD_NAMESPACE: namespaces.experiment,
        S3_ENDPOINT: 'http://127.0.0.1:9',
        LOG_LEVEL: 'warn',
      },
    });
    await eventually('the generator sending', async () => (api.searches() > 0 ? true : undefined), 30_000);
    await sleep(1_000);
  });

  afterAll(async () => {
    generator?.kill('SIGTERM');
    api?.server.close();
    for (const namespace of [...Object.values(namespaces ?? {}), ...Object.values(bare ?? {})]) {
      await deleteNamespace(namespace).catch(() => undefined);
    }
  });

  it("multiplies the experiment group's load by changing its ConfigMap alone, and the revert restores it", async () => {
    const steady = await rate(api);
    expect(steady).toBeGreaterThan(STEADY_PER_SECOND * 0.8);
    expect(steady).toBeLessThan(STEADY_PER_SECOND * 1.2);
    const deployment = () =>
      apps.readNamespacedDeployment({ name: generatorName('experiment'), namespace: namespaces.experiment });
    const generation = (await deployment()).metadata?.generation;

    await trafficSurge.confirm?.(INJECTION, driver);
    await trafficSurge.inject(INJECTION, {
      driver,
      document: { fault: { kind: 'traffic-surge', params: { multiplier: SURGE } } } as never,
      graceSeconds: 0,
    });
    const experiment = await core.readNamespacedConfigMap({
      name: generatorName('experiment'),
      namespace: namespaces.experiment,
    });
    expect(experiment.data).toEqual({ multiplier: String(SURGE) });
    await sleep(500);
    const surged = await rate(api);
    expect(surged / steady).toBeGreaterThan(SURGE * 0.7);
    expect(surged / steady).toBeLessThan(SURGE * 1.3);

    // Nothing rolled out: the same Deployment generation, the same pod.
    expect((await deployment()).metadata?.generation).toBe(generation);
    expect((await awaitRunning(namespaces.experiment, 1)).map((pod) => pod.metadata?.name)).toEqual(podsBefore);
    const control = await core.readNamespacedConfigMap({
      name: generatorName('control'),
      namespace: namespaces.control,
    });
    expect(control.data ?? {}).toEqual({});

    // A runner started afresh reverts from the record, which holds only the group.
    await trafficSurge.revert({ group: 'experiment' }, driverFor(runner, namespaces));
    const reverted = await core.readNamespacedConfigMap({
      name: generatorName('experiment'),
      namespace: namespaces.experiment,
    });
    expect(reverted.data ?? {}).toEqual({});
    await sleep(500);
    expect((await rate(api)) / steady).toBeLessThan(1.3);
  });

  it("gives the generator's ServiceAccount its own ConfigMap to read and nothing else", async () => {
    const account = await serviceAccountKubeConfig(namespaces.experiment, generatorName('experiment'));
    const client = account.makeApiClient(CoreV1Api);
    expect(await readMultiplier(client, namespaces.experiment, generatorName('experiment'))).toBe(1);
    expect(
      await refusalStatus(
        client.patchNamespacedConfigMap({
          name: generatorName('experiment'),
          namespace: namespaces.experiment,
          body: {},
        }),
      ),
    ).toBe(403);
    expect(await refusalStatus(client.listNamespacedConfigMap({ namespace: namespaces.experiment }))).toBe(403);
    expect(
      await refusalStatus(
        client.readNamespacedConfigMap({ name: generatorName('control'), namespace: namespaces.control }),
      ),
    ).toBe(403);
  });

  it("never changes the control group's traffic", async () => {
    await expect(driver.setTrafficMultiplier('control', SURGE)).rejects.toThrow(TargetSelectionError);
    await expect(driver.checkTrafficMultiplier('control')).rejects.toThrow(TargetSelectionError);
    const control = await core.readNamespacedConfigMap({
      name: generatorName('control'),
      namespace: namespaces.control,
    });
    expect(control.data ?? {}).toEqual({});
  });

  it("refuses before the injection (422) naming traffic.enabled when the experiment release runs no generator, whatever control's does", async () => {
    const bareDriver = driverFor(adminKubeConfig(), bare);
    const refusal = trafficSurge.confirm?.(INJECTION, bareDriver);
    await expect(refusal).rejects.toThrow(TargetSelectionError);
    await expect(refusal).rejects.toThrow(/traffic\.enabled=true/);
    // Nothing to restore where nothing was surged.
    await trafficSurge.revert({ group: 'experiment' }, bareDriver);
  });
});
