import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterDriverError } from '../../apps/chaos-runner/src/drivers/driver';
import type { KubernetesDriver } from '../../apps/chaos-runner/src/drivers/kubernetes/kubernetes-driver';
import { SLOW_MS, awaitRunning, deployBothGroups, driverFor, nodeZones, runnerKubeConfig } from './driver-fixtures';
import { adminKubeConfig, deleteNamespace, eventually } from './support/cluster';

describe('the Kubernetes driver, with the runner ServiceAccount least rights', () => {
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const namespaces = { experiment: '', control: '' };
  let driver: KubernetesDriver;
  let cleanup = async () => undefined as void;

  beforeAll(async () => {
    Object.assign(namespaces, await deployBothGroups('driver'));
    const runner = await runnerKubeConfig(namespaces, { nodesMode: false });
    cleanup = runner.cleanup;
    driver = driverFor(runner.kubeConfig, namespaces);
  });
  afterAll(async () => {
    await cleanup();
    for (const namespace of Object.values(namespaces)) if (namespace) await deleteNamespace(namespace);
  });

  it("finds both groups' replicas by the chart's labels, each in its node's zone, and the zones of both", async () => {
    const replicas = await driver.replicas();
    const zones = await nodeZones();
    const pods = [...(await awaitRunning(namespaces.experiment, 6)), ...(await awaitRunning(namespaces.control, 6))];
    expect(replicas).toHaveLength(12);
    for (const pod of pods) {
      const replica = replicas.find((candidate) => candidate.id === pod.metadata?.name);
      const component = pod.metadata?.labels?.['app.kubernetes.io/component'];
      expect(replica).toMatchObject({
        service: `scale-${component}`,
        group: pod.metadata?.namespace === namespaces.experiment ? 'experiment' : 'control',
        zone: zones.get(pod.spec?.nodeName ?? ''),
        address: `${pod.status?.podIP}:${component === 'api' ? 3000 : 3001}`,
        pids: [1],
        state: 'running',
        restarts: 0,
      });
    }
    const info = await driver.info();
    expect(info.zones).toEqual([...new Set(replicas.map((replica) => replica.zone))].sort());
    expect(info.zones.length).toBeGreaterThanOrEqual(2);
    expect(info.zones.every((zone) => zone.startsWith('zone-'))).toBe(true);
    expect(info).toMatchObject({ cgroups: true, bucket: 'scale-midi' });
  });

  it.each([
    ['gracefully', 30],
    ['at once', 0],
  ])('kills a pod %s: it is deleted and its ReplicaSet replaces it', async (_, gracePeriodSeconds) => {
    const [victim] = (await driver.replicas()).filter(
      (replica) => replica.group === 'experiment' && replica.service === 'scale-api',
    );
    await driver.killPod(victim.id, { gracePeriodSeconds });
    const replaced = await eventually(
      'the ReplicaSet replacing the pod',
      async () => {
        const now = await driver.replicas();
        const apis = now.filter((replica) => replica.group === 'experiment' && replica.service === 'scale-api');
        const running = apis.filter((replica) => replica.state === 'running');
        return running.length === 3 && apis.every((replica) => replica.id !== victim.id) ? apis : undefined;
      },
      SLOW_MS,
    );
    expect(replaced.map((replica) => replica.id)).not.toContain(victim.id);
  });

  it('refuses any fault aimed at a pod of the control namespace, before asking anything of it', async () => {
    const [control] = (await driver.replicas()).filter((replica) => replica.group === 'control');
    const refusal =
      /refusing to touch pod .* in namespace driver-control-\w+: faults only ever touch the experiment namespace/;
    await expect(driver.killPod(control.id, { gracePeriodSeconds: 0 })).rejects.toThrow(refusal);
    await expect(driver.signal(control.id, 'SIGKILL')).rejects.toThrow(refusal);
    await expect(driver.startCpuHog(control.id, { cores: 1, loadPercent: 50, timeoutSeconds: 5 })).rejects.toThrow(
      refusal,
    );
    await expect(driver.stopCpuHog(`${namespaces.control}/${control.id}/api/7`)).rejects.toThrow(refusal);
    const pod = await core.readNamespacedPod({ name: control.id, namespace: namespaces.control });
    expect(pod.metadata?.deletionTimestamp).toBeUndefined();
  });

  // The API server either refuses the upgrade or accepts it and ends the stream with a Status: both name the kubelet.
  it("sends a signal's exec to the API server, which refuses it for lack of a kubelet, and says so", async () => {
    const [target] = (await driver.replicas()).filter((replica) => replica.group === 'experiment');
    const attempt = driver.signal(target.id, 'SIGTERM');
    await expect(attempt).rejects.toBeInstanceOf(ClusterDriverError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `^the Kubernetes API server could not send SIGTERM to the main process \\(exec in container (api|extractor) of pod ${target.id} in namespace ${namespaces.experiment}\\): it could not reach the kubelet of node kwok-zone-[abc]-\\d \\((dial tcp [^)]*: connect: connection refused|HTTP 500 on the exec upgrade)\\)$`,
      ),
    );
    const hog = driver.startCpuHog(target.id, { cores: 1, loadPercent: 50, timeoutSeconds: 5 });
    await expect(hog).rejects.toThrow(
      /could not start a CPU hog of 1 core\(s\) at 50 % .*: it could not reach the kubelet of node/,
    );
    // A signal that never reached the container leaves the replica as it was.
    const after = (await driver.replicas()).find((replica) => replica.id === target.id);
    expect(after).toMatchObject({ state: 'running', pids: [1] });
  });
});
