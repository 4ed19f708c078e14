import { CoreV1Api } from '@kubernetes/client-node';
import { TargetSelectionError } from '@scale/chaos';
import { createKwokNodes } from '@scale/embedded-servers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubernetesDriver } from '../../apps/chaos-runner/src/drivers/kubernetes/kubernetes-driver';
import { SLOW_MS, awaitRunning, deployReplicas, driverFor, runnerKubeConfig, runningPods } from './driver-fixtures';
import { adminKubeConfig, createNamespace, deleteNamespace, eventually } from './support/cluster';

/** A node pool of the experiment group's own in two zones of its own; its third node in pool-d an operator cordoned. */
const POOL = { key: 'scale.dev/pool', value: 'driver-test' };
const NODES = ['driver-pool-d-1', 'driver-pool-d-2', 'driver-pool-d-3', 'driver-pool-e-1', 'driver-pool-e-2'];
const toleratePool = {
  nodeSelector: { [POOL.key]: POOL.value },
  tolerations: [{ key: POOL.key, operator: 'Equal', value: POOL.value, effect: 'NoSchedule' }],
};

describe("a zone outage in the nodes mode, with the runner ServiceAccount's least rights", () => {
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const namespaces = { experiment: '', control: '' };
  let driver: KubernetesDriver;
  let cleanup = async () => undefined as void;

  const unschedulable = async () =>
    Object.fromEntries(
      await Promise.all(
        NODES.map(async (name) => [name, (await core.readNode({ name })).spec?.unschedulable ?? false]),
      ),
    ) as Record<string, boolean>;
  const placement = async (namespace: string) =>
    (await runningPods(namespace)).map((pod) => `${pod.metadata?.name}@${pod.spec?.nodeName}`).sort();

  beforeAll(async () => {
    await createKwokNodes(
      inject('kubeconfig'),
      NODES.map((name) => ({
        name,
        zone: name.includes('-d-') ? 'pool-d' : 'pool-e',
        labels: { [POOL.key]: POOL.value },
        taints: [{ key: POOL.key, value: POOL.value, effect: 'NoSchedule' }],
      })),
    );
    await core.patchNode({ name: 'driver-pool-d-3', body: [{ op: 'add', path: '/spec/unschedulable', value: true }] });
    namespaces.experiment = await createNamespace('nodes-experiment');
    namespaces.control = await createNamespace('nodes-control');
    await deployReplicas(namespaces.experiment, 'experiment', 'api', 2, toleratePool);
    await deployReplicas(namespaces.experiment, 'experiment', 'extractor', 2, toleratePool);
    await deployReplicas(namespaces.control, 'control', 'api', 2);
    await awaitRunning(namespaces.experiment, 4);
    await awaitRunning(namespaces.control, 2);
    const runner = await runnerKubeConfig(namespaces, { nodesMode: true });
    cleanup = runner.cleanup;
    driver = driverFor(runner.kubeConfig, namespaces, 'nodes');
  });
  afterAll(async () => {
    await cleanup();
    for (const namespace of Object.values(namespaces)) if (namespace) await deleteNamespace(namespace);
    for (const name of NODES) await core.deleteNode({ name }).catch(() => undefined);
  });

  it('cordons exactly the zone nodes it found schedulable, moves the experiment pods out, and uncordons exactly those', async () => {
    const controlBefore = await placement(namespaces.control);
    const inZone = (await driver.replicas()).filter((replica) => replica.zone === 'pool-d').map((r) => r.id);
    expect(inZone.length).toBeGreaterThan(0);

    await driver.checkZoneOutage('experiment', 'pool-d');
    const changes = await driver.zoneDown('experiment', 'pool-d');

    expect(changes).toEqual({ cordonedNodes: ['driver-pool-d-1', 'driver-pool-d-2'] });
    expect(await unschedulable()).toEqual({
      'driver-pool-d-1': true,
      'driver-pool-d-2': true,
      'driver-pool-d-3': true,
      'driver-pool-e-1': false,
      'driver-pool-e-2': false,
    });
    const moved = await eventually(
      'the experiment group running again in pool-e',
      async () => {
        const now = (await driver.replicas()).filter((replica) => replica.group === 'experiment');
        return now.length === 4 && now.every((replica) => replica.state === 'running' && replica.zone === 'pool-e')
          ? now
          : undefined;
      },
      SLOW_MS,
    );
    expect(moved.map((replica) => replica.id)).not.toEqual(expect.arrayContaining(inZone));
    expect(await placement(namespaces.control)).toEqual(controlBefore);

    await driver.zoneUp('experiment', 'pool-d', changes);
    expect(await unschedulable()).toMatchObject({
      'driver-pool-d-1': false,
      'driver-pool-d-2': false,
      'driver-pool-d-3': true,
    });
  });

  it('uncordons the nodes it noted, and only those, for a revert record written before their names were', async () => {
    await driver.zoneDown('experiment', 'pool-d');
    expect(await unschedulable()).toMatchObject({ 'driver-pool-d-1': true, 'driver-pool-d-2': true });
    await driver.zoneUp('experiment', 'pool-d', {});
    expect(await unschedulable()).toMatchObject({
      'driver-pool-d-1': false,
      'driver-pool-d-2': false,
      'driver-pool-d-3': true,
    });
    const node = await core.readNode({ name: 'driver-pool-d-1' });
    expect(node.metadata?.annotations?.['chaos.scale.dev/cordoned-for-zone']).toBeUndefined();
  });

  it('refuses, at selection and at injection, a zone whose nodes a control-group pod shares, cordoning nothing', async () => {
    await core.createNamespacedPod({
      namespace: namespaces.control,
      body: {
        metadata: { name: 'sharing' },
        spec: {
          ...toleratePool,
          nodeName: 'driver-pool-d-2',
          containers: [{ name: 'app', image: 'registry.invalid/x:1' }],
        },
      },
    });
    const refusal = new RegExp(
      `zone pool-d's nodes are not dedicated to namespace ${namespaces.experiment}: cordoning them would also stop ${namespaces.control}/sharing on driver-pool-d-2 from being scheduled there`,
    );
    await expect(driver.checkZoneOutage('experiment', 'pool-d')).rejects.toBeInstanceOf(TargetSelectionError);
    await expect(driver.checkZoneOutage('experiment', 'pool-d')).rejects.toThrow(refusal);
    await expect(driver.zoneDown('experiment', 'pool-d')).rejects.toThrow(refusal);
    expect(await unschedulable()).toMatchObject({ 'driver-pool-d-1': false, 'driver-pool-d-2': false });
  });
});
