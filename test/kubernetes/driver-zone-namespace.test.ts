import { AppsV1Api, PolicyV1Api, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterDriverError, type Replica } from '../../apps/chaos-runner/src/drivers/driver';
import type { KubernetesDriver } from '../../apps/chaos-runner/src/drivers/kubernetes/kubernetes-driver';
import {
  SLOW_MS,
  awaitRunning,
  deployBothGroups,
  driverFor,
  runnerKubeConfig,
  runningPods,
  ZONE,
} from './driver-fixtures';
import { adminKubeConfig, deleteNamespace, eventually } from './support/cluster';

const placement = (pods: Awaited<ReturnType<typeof runningPods>>) =>
  pods.map((pod) => `${pod.metadata?.name}@${pod.spec?.nodeName}`).sort();

describe("a zone outage in the namespace mode, with the runner ServiceAccount's least rights", () => {
  const apps = adminKubeConfig().makeApiClient(AppsV1Api);
  const policy = adminKubeConfig().makeApiClient(PolicyV1Api);
  const namespaces = { experiment: '', control: '' };
  let driver: KubernetesDriver;
  let cleanup = async () => undefined as void;

  const deployments = async (namespace: string): Promise<V1Deployment[]> =>
    (await apps.listNamespacedDeployment({ namespace })).items;
  const experimentReplicas = async (): Promise<Replica[]> =>
    (await driver.replicas()).filter((replica) => replica.group === 'experiment');

  beforeAll(async () => {
    Object.assign(namespaces, await deployBothGroups('zone'));
    const runner = await runnerKubeConfig(namespaces, { nodesMode: false });
    cleanup = runner.cleanup;
    driver = driverFor(runner.kubeConfig, namespaces, 'namespace');
  });
  afterAll(async () => {
    await cleanup();
    for (const namespace of Object.values(namespaces)) if (namespace) await deleteNamespace(namespace);
  });

  it("moves the experiment group's pods out of the zone, leaves the control group's alone, and its revert takes the affinity out", async () => {
    const before = await experimentReplicas();
    const zone = before[0].zone;
    const inZone = before.filter((replica) => replica.zone === zone).map((replica) => replica.id);
    const controlBefore = placement(await runningPods(namespaces.control));
    // Their specs as the control group's owner wrote them (their status moves with the controllers).
    const specs = async () =>
      (await deployments(namespaces.control)).map((d) => [d.metadata?.generation, JSON.stringify(d.spec)]);
    const controlDeployments = await specs();

    await driver.checkZoneOutage('experiment', zone);
    const changes = await driver.zoneDown('experiment', zone);
    expect(changes).toEqual({});

    const moved = await eventually(
      'the experiment group running again outside the zone',
      async () => {
        const now = await experimentReplicas();
        const running = now.filter((replica) => replica.state === 'running');
        return running.length === 6 && now.length === 6 && now.every((replica) => !inZone.includes(replica.id))
          ? now
          : undefined;
      },
      SLOW_MS,
    );
    expect(moved.map((replica) => replica.zone)).not.toContain(zone);
    for (const deployment of await deployments(namespaces.experiment)) {
      expect(deployment.metadata?.annotations?.['chaos.scale.dev/excluded-zones']).toBe(zone);
      expect(
        deployment.spec?.template.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
          ?.nodeSelectorTerms,
      ).toEqual([{ matchExpressions: [{ key: ZONE, operator: 'NotIn', values: [zone] }] }]);
    }
    expect(placement(await runningPods(namespaces.control))).toEqual(controlBefore);
    expect(await specs()).toEqual(controlDeployments);

    await driver.zoneUp('experiment', zone, changes);
    for (const deployment of await deployments(namespaces.experiment)) {
      expect(deployment.spec?.template.spec?.affinity).toBeUndefined();
      expect(deployment.metadata?.annotations?.['chaos.scale.dev/excluded-zones']).toBeUndefined();
    }
    await awaitRunning(namespaces.experiment, 6);
    expect(placement(await runningPods(namespaces.control))).toEqual(controlBefore);
  });

  it("reports an eviction a PodDisruptionBudget refuses, and still evicts the zone's other pods", async () => {
    await awaitRunning(namespaces.experiment, 6);
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'scale-api' } };
    await policy.createNamespacedPodDisruptionBudget({
      namespace: namespaces.experiment,
      body: { metadata: { name: 'scale-api' }, spec: { maxUnavailable: 0, selector } },
    });
    await eventually(
      'the budget counted',
      async () => {
        const { status } = await policy.readNamespacedPodDisruptionBudget({
          name: 'scale-api',
          namespace: namespaces.experiment,
        });
        if (status?.currentHealthy === 3 && status.disruptionsAllowed === 0) return status;
        throw new Error(`budget status ${JSON.stringify(status)}`);
      },
      SLOW_MS,
    );
    // The API's rollout after the revert over: its three pods running (an unready pod may be evicted whatever the budget).
    const before = await eventually(
      "the experiment group's API settled",
      async () => {
        const replicas = await experimentReplicas();
        const apis = replicas.filter((replica) => replica.service === 'scale-api');
        if (apis.length === 3 && apis.every((replica) => replica.state === 'running')) return replicas;
        throw new Error(replicas.map((replica) => `${replica.id} ${replica.state} in ${replica.zone}`).join(', '));
      },
      SLOW_MS,
    );
    // A zone with both services: the budget guards the API there, nothing guards the extractor.
    const inZone = (service: string, zone: string) =>
      before.filter((replica) => replica.service === service && replica.zone === zone).map((replica) => replica.id);
    const zone = before.find(
      (replica) => inZone('scale-api', replica.zone).length > 0 && inZone('scale-extractor', replica.zone).length > 0,
    )?.zone as string;
    const extractorsThere = inZone('scale-extractor', zone);
    expect(extractorsThere.length).toBeGreaterThan(0);

    const attempt = driver.zoneDown('experiment', zone);
    await expect(attempt).rejects.toBeInstanceOf(ClusterDriverError);
    await expect(attempt).rejects.toMatchObject({ status: 429 });
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `the Kubernetes API server refused to evict pod scale-api-\\S+ in namespace ${namespaces.experiment} \\(429\\): .*disruption budget.*\\(a PodDisruptionBudget allows no more disruption now\\)`,
      ),
    );
    await eventually(
      "the zone's extractors evicted",
      async () => {
        const now = (await driver.replicas()).map((replica) => replica.id);
        return extractorsThere.every((id) => !now.includes(id)) ? now : undefined;
      },
      SLOW_MS,
    );

    await driver.zoneUp('experiment', zone);
    for (const deployment of await deployments(namespaces.experiment)) {
      expect(deployment.spec?.template.spec?.affinity).toBeUndefined();
    }
  });
});
