import { TargetSelectionError, toxicsFor, type Toxic } from '@scale/chaos';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesDriver } from '../../apps/chaos-runner/src/drivers/kubernetes/kubernetes-driver';
import { databaseNetwork } from '../../apps/chaos-runner/src/faults/network/database-network';
import { networkFaultSchema } from '../../apps/local-cluster/src/network/network-fault';
import { named, type Manifest } from '../helm/chart';
import { serviceProxyCall } from '../../apps/chaos-runner/src/drivers/kubernetes/service-proxy';
import { awaitRunning, driverFor, SLOW_MS } from './driver-fixtures';
import { adminKubeConfig, createNamespace, deleteNamespace, eventually } from './support/cluster';
import { chartRunnerKubeConfig, createAll, renderGroup, type Namespaces } from './support/group-faults';
import {
  hostAddress,
  roundTripMs,
  startEchoServer,
  startHostToxiproxy,
  type HostToxiproxy,
} from './support/host-toxiproxy';

const FAULT = { latencyMs: 300, jitterMs: 50, lossProbability: 0.2, resetProbability: 0.1 };
const OPERATORS_TOXIC = {
  name: 'operator-bandwidth',
  type: 'bandwidth',
  stream: 'downstream',
  toxicity: 1,
  attributes: { rate: 1000 },
};

const toxicsOf = async (proxy: HostToxiproxy): Promise<Toxic[]> =>
  (await (await fetch(`${proxy.apiUrl}/proxies/postgres/toxics`)).json()) as Toxic[];

/** Toxiproxy's API port in the chart's Deployment: the port the service proxy goes to on the pod's IP. */
const API_PORT = 8474;

/**
 * The group's fault proxy as the chart renders it (ConfigMap, Deployment, Service), created in its namespace;
 * KWOK runs its pod. No kubelet starts the container, so for the experiment group the real Toxiproxy, with the
 * chart's configuration, runs on this machine and the pod's status is given this machine's address as its IP:
 * the endpoints controller then puts it behind the Service, and the API server's service proxy (which goes only
 * to a pod's own IP) reaches Toxiproxy exactly as it would reach the container.
 */
async function deployFaultProxy(group: 'experiment' | 'control', namespace: string): Promise<Manifest[]> {
  const rendered = await renderGroup(group, namespace, { 'faultProxy.enabled': true });
  const name = `scale-${group}-fault-proxy`;
  await createAll(
    namespace,
    ['ConfigMap', 'Deployment', 'Service'].map((kind) => named(rendered, kind, name)),
  );
  return rendered;
}

async function standInForPod(namespace: string, name: string, config: string, upstream: string) {
  const proxy = await startHostToxiproxy(config, upstream, API_PORT);
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const [pod] = await awaitRunning(namespace, 1, 'app.kubernetes.io/component=fault-proxy');
  const ip = hostAddress();
  await core.patchNamespacedPodStatus(
    { name: pod.metadata?.name ?? '', namespace, body: { status: { podIP: ip, podIPs: [{ ip }] } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  await eventually(
    `the endpoints of ${name} at ${ip}`,
    async () => {
      const endpoints = await core.readNamespacedEndpoints({ name, namespace });
      return endpoints.subsets?.[0]?.addresses?.[0]?.ip === ip ? true : undefined;
    },
    SLOW_MS,
  );
  return proxy;
}

describe('Kubernetes driver: database-network through the fault proxy', () => {
  let namespaces: Namespaces;
  let bare: Namespaces;
  let driver: KubernetesDriver;
  let runner: KubeConfig;
  let proxy: HostToxiproxy;
  let echo: Awaited<ReturnType<typeof startEchoServer>>;

  beforeAll(async () => {
    echo = await startEchoServer();
    namespaces = {
      experiment: await createNamespace('netfault-experiment'),
      control: await createNamespace('netfault-control'),
    };
    const rendered = await deployFaultProxy('experiment', namespaces.experiment);
    await deployFaultProxy('control', namespaces.control);
    const name = 'scale-experiment-fault-proxy';
    const config = (named(rendered, 'ConfigMap', name).data as Record<string, string>)['toxiproxy.json'];
    proxy = await standInForPod(namespaces.experiment, name, config, echo.address);
    runner = await chartRunnerKubeConfig(namespaces);
    driver = driverFor(runner, namespaces);
    // A pair whose experiment release runs no proxy, while its control release does.
    bare = {
      experiment: await createNamespace('netfault-bare'),
      control: await createNamespace('netfault-bare-control'),
    };
    const control = await renderGroup('control', bare.control, { 'faultProxy.enabled': true });
    await createAll(bare.control, [named(control, 'Service', 'scale-control-fault-proxy')]);
  });

  afterAll(async () => {
    await proxy?.stop();
    echo?.server.close();
    for (const namespace of [...Object.values(namespaces ?? {}), ...Object.values(bare ?? {})]) {
      await deleteNamespace(namespace).catch(() => undefined);
    }
  });

  it('puts the same toxics as the local cluster on the experiment proxy only, and they slow its link', async () => {
    const before = await roundTripMs(hostAddress(), proxy.listenPort);
    await databaseNetwork.confirm?.({ replicaIds: [], revert: { group: 'experiment' } }, driver);
    await driver.setNetworkFault('experiment', FAULT);

    expect(await toxicsOf(proxy)).toEqual(
      expect.arrayContaining(toxicsFor(networkFaultSchema.parse(FAULT)).map((toxic) => expect.objectContaining(toxic))),
    );
    expect(await toxicsOf(proxy)).toHaveLength(3);
    expect(before).toBeLessThan(150);
    // Loss and resets hit a share of the connections; the latency every one of them that gets through.
    const slowed = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => roundTripMs(hostAddress(), proxy.listenPort).catch(() => Infinity)),
    );
    const through = slowed.filter((ms) => Number.isFinite(ms));
    expect(through.length).toBeGreaterThan(0);
    expect(Math.min(...through)).toBeGreaterThanOrEqual(FAULT.latencyMs - FAULT.jitterMs - 10);
  });

  it('replaces its earlier fault rather than adding to it', async () => {
    await driver.setNetworkFault('experiment', {
      latencyMs: 100,
      jitterMs: 0,
      lossProbability: 0,
      resetProbability: 0,
    });
    expect((await toxicsOf(proxy)).map((toxic) => [toxic.name, toxic.attributes])).toEqual([
      ['scale-latency', { latency: 100, jitter: 0 }],
    ]);
  });

  it("is cleared by a runner started afresh (the revert record holds only the group), leaving an operator's own toxic", async () => {
    await fetch(`${proxy.apiUrl}/proxies/postgres/toxics`, {
      method: 'POST',
      body: JSON.stringify(OPERATORS_TOXIC),
    });
    const restarted = driverFor(runner, namespaces);
    await databaseNetwork.revert({ group: 'experiment' }, restarted);
    expect((await toxicsOf(proxy)).map((toxic) => toxic.name)).toEqual([OPERATORS_TOXIC.name]);
    await restarted.clearNetworkFault('experiment');
    expect((await toxicsOf(proxy)).map((toxic) => toxic.name)).toEqual([OPERATORS_TOXIC.name]);
  });

  it("never touches the control group's proxy: refused when asked, and the chart gives the runner no way to", async () => {
    await expect(driver.setNetworkFault('control', FAULT)).rejects.toThrow(TargetSelectionError);
    await driver.clearNetworkFault('control');
    const control = { namespace: namespaces.control, service: 'scale-control-fault-proxy', port: 'api' };
    for (const method of ['GET', 'POST', 'DELETE']) {
      const body = method === 'POST' ? OPERATORS_TOXIC : undefined;
      const answer = await serviceProxyCall(runner, control, method, '/proxies/postgres/toxics', body);
      expect([method, answer.status]).toEqual([method, 403]);
    }
  });

  it("refuses before the injection (422) naming faultProxy.enabled when the experiment release has no proxy, whatever control's has", async () => {
    const bareDriver = driverFor(adminKubeConfig(), bare);
    const refusal = databaseNetwork.confirm?.({ replicaIds: [], revert: { group: 'experiment' } }, bareDriver);
    await expect(refusal).rejects.toThrow(TargetSelectionError);
    await expect(refusal).rejects.toThrow(/faultProxy\.enabled=true/);
    await expect(bareDriver.setNetworkFault('experiment', FAULT)).rejects.toThrow(/faultProxy\.enabled=true/);
    // Nothing to revert where nothing could be injected.
    await bareDriver.clearNetworkFault('experiment');
  });
});
