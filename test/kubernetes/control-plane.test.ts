import { AppsV1Api, CoreV1Api, PolicyV1Api, RbacAuthorizationV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminKubeConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  refusalStatus,
  tokenKubeConfig,
} from './support/cluster';

const ZONE = 'topology.kubernetes.io/zone';
const APP = { app: 'spread' };

describe('the control plane the Kubernetes tests run on', () => {
  const config = adminKubeConfig();
  const core = config.makeApiClient(CoreV1Api);
  const apps = config.makeApiClient(AppsV1Api);
  const policy = config.makeApiClient(PolicyV1Api);
  let namespace: string;

  beforeAll(async () => {
    namespace = await createNamespace('control-plane');
  });
  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace);
  });

  const runningPods = async (): Promise<V1Pod[]> => {
    const { items } = await core.listNamespacedPod({ namespace, labelSelector: 'app=spread' });
    return items.filter((pod) => pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp);
  };
  const zoneOf = async (pod: V1Pod): Promise<string | undefined> => {
    const node = await core.readNode({ name: pod.spec?.nodeName ?? '' });
    return node.metadata?.labels?.[ZONE];
  };

  it('runs a Deployment whose topology spread puts two of its six pods in each zone', async () => {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'spread' },
        spec: {
          replicas: 6,
          selector: { matchLabels: APP },
          template: {
            metadata: { labels: APP },
            spec: {
              containers: [{ name: 'app', image: 'registry.invalid/spread:1' }],
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: ZONE,
                  whenUnsatisfiable: 'DoNotSchedule',
                  labelSelector: { matchLabels: APP },
                },
              ],
            },
          },
        },
      },
    });
    const pods = await eventually('six Running pods', async () => {
      const running = await runningPods();
      return running.length === 6 ? running : undefined;
    });
    const zones = await Promise.all(pods.map(zoneOf));
    const perZone = Object.fromEntries(
      ['zone-a', 'zone-b', 'zone-c'].map((zone) => [zone, zones.filter((z) => z === zone).length]),
    );
    expect(perZone).toEqual({ 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 });
  });

  it('replaces a deleted pod with a new Running one', async () => {
    const [victim] = await runningPods();
    const name = victim.metadata?.name ?? '';
    await core.deleteNamespacedPod({ name, namespace });
    const pods = await eventually('a replacement', async () => {
      const running = await runningPods();
      return running.length === 6 && running.every((pod) => pod.metadata?.name !== name) ? running : undefined;
    });
    expect(pods.map((pod) => pod.metadata?.name)).not.toContain(name);
  });

  it('refuses with 429 an eviction a PodDisruptionBudget forbids, and allows it once the budget does', async () => {
    await policy.createNamespacedPodDisruptionBudget({
      namespace,
      body: { metadata: { name: 'spread' }, spec: { maxUnavailable: 0, selector: { matchLabels: APP } } },
    });
    // The disruption controller must have counted the pods, or every eviction is refused whatever the budget.
    await eventually('the budget counted', async () => {
      const { status } = await policy.readNamespacedPodDisruptionBudget({ name: 'spread', namespace });
      return status?.currentHealthy === 6 ? status : undefined;
    });
    const [pod] = await runningPods();
    const name = pod.metadata?.name ?? '';
    const evict = () => core.createNamespacedPodEviction({ name, namespace, body: { metadata: { name, namespace } } });

    expect(await refusalStatus(evict())).toBe(429);

    await policy.patchNamespacedPodDisruptionBudget({
      name: 'spread',
      namespace,
      body: [{ op: 'replace', path: '/spec/maxUnavailable', value: 1 }],
    });
    await eventually('the budget allowing one disruption', async () => {
      const { status } = await policy.readNamespacedPodDisruptionBudget({ name: 'spread', namespace });
      return status?.disruptionsAllowed === 1 ? status : undefined;
    });
    expect(await refusalStatus(evict())).toBeUndefined();
  });

  it('authenticates a ServiceAccount token from TokenRequest and lets RBAC allow only what its Role grants', async () => {
    const rbac = config.makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'pod-reader' } } });
    await rbac.createNamespacedRole({
      namespace,
      body: {
        metadata: { name: 'pod-reader' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'pod-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'pod-reader', namespace }],
      },
    });
    const { status } = await core.createNamespacedServiceAccountToken({
      name: 'pod-reader',
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const asReader = tokenKubeConfig(status?.token ?? '').makeApiClient(CoreV1Api);

    expect(await refusalStatus(asReader.listNamespacedPod({ namespace }))).toBeUndefined();
    const [pod] = await runningPods();
    expect(await refusalStatus(asReader.deleteNamespacedPod({ name: pod.metadata?.name ?? '', namespace }))).toBe(403);
    expect(await refusalStatus(asReader.listNamespacedSecret({ namespace }))).toBe(403);
    expect(await refusalStatus(asReader.listNamespacedPod({ namespace: 'default' }))).toBe(403);
    expect(
      await refusalStatus(tokenKubeConfig('not-a-token').makeApiClient(CoreV1Api).listNamespacedPod({ namespace })),
    ).toBe(401);
  });
});
