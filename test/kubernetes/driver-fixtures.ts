import {
  AppsV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type V1Pod,
  type V1PodSpec,
} from '@kubernetes/client-node';
import { KubernetesDriver } from '../../apps/chaos-runner/src/drivers/kubernetes/kubernetes-driver';
import { kubeContext } from '../../apps/chaos-runner/src/drivers/kubernetes/kube-context';
import type { Group } from '../../apps/chaos-runner/src/drivers/driver';
import { adminKubeConfig, createNamespace, eventually, tokenKubeConfig } from './support/cluster';
import { createRunnerAccount, RUNNER_ACCOUNT } from './support/runner-account';

export const ZONE = 'topology.kubernetes.io/zone';

/** How long a change may take to show: KWOK plays pods within seconds, slower on a busy two-core machine. */
export const SLOW_MS = 120_000;

/** The labels the chart puts on a group's pods: the driver's contract. */
export function chartLabels(group: Group, component: 'api' | 'extractor'): Record<string, string> {
  return {
    'app.kubernetes.io/part-of': 'scale',
    'app.kubernetes.io/name': `scale-${component}`,
    'app.kubernetes.io/component': component,
    'scale.dev/group': group,
  };
}

/**
 * A Deployment of one group's API or extractor with the chart's labels, spread over the zones. The
 * image is never pulled: KWOK runs no container, it only reports the pod Running.
 */
export async function deployReplicas(
  namespace: string,
  group: Group,
  component: 'api' | 'extractor',
  replicas: number,
  spec: Partial<V1PodSpec> = {},
): Promise<void> {
  const labels = chartLabels(group, component);
  const selector = {
    matchLabels: { 'app.kubernetes.io/name': labels['app.kubernetes.io/name'], 'scale.dev/group': group },
  };
  await adminKubeConfig()
    .makeApiClient(AppsV1Api)
    .createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: `scale-${component}`, labels },
        spec: {
          replicas,
          selector,
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: component,
                  image: 'registry.invalid/scale:1',
                  ports: [{ containerPort: component === 'api' ? 3000 : 3001 }],
                },
              ],
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
              ],
              ...spec,
            },
          },
        },
      },
    });
}

/** The namespace's pods that run and are not on their way out. */
export async function runningPods(namespace: string, labelSelector?: string): Promise<V1Pod[]> {
  const { items } = await adminKubeConfig().makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector });
  return items.filter((pod) => pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp);
}

export async function awaitRunning(namespace: string, count: number, labelSelector?: string): Promise<V1Pod[]> {
  return eventually(
    `${count} Running pods in ${namespace}`,
    async () => {
      const pods = await runningPods(namespace, labelSelector);
      return pods.length === count ? pods : undefined;
    },
    SLOW_MS,
  );
}

/** Node name → zone, from the admin's view. */
export async function nodeZones(): Promise<Map<string, string>> {
  const { items } = await adminKubeConfig().makeApiClient(CoreV1Api).listNode();
  return new Map(items.map((node) => [node.metadata?.name ?? '', node.metadata?.labels?.[ZONE] ?? '']));
}

/** Two namespaces, each group's API and extractor three times there, all Running. */
export async function deployBothGroups(prefix: string): Promise<{ experiment: string; control: string }> {
  const namespaces = {
    experiment: await createNamespace(`${prefix}-experiment`),
    control: await createNamespace(`${prefix}-control`),
  };
  for (const group of ['experiment', 'control'] as const) {
    await deployReplicas(namespaces[group], group, 'api', 3);
    await deployReplicas(namespaces[group], group, 'extractor', 3);
    await awaitRunning(namespaces[group], 6);
  }
  return namespaces;
}

/**
 * A ServiceAccount for the runner with the least privilege it needs: in the experiment
 * namespace what faults need (a Role), in the control namespace reading pods only, and, for the
 * `nodes` zone mode only, the one ClusterRole (nodes, and reading which pods run on them).
 */
export async function runnerKubeConfig(
  namespaces: { experiment: string; control: string },
  options: { nodesMode: boolean },
): Promise<{ kubeConfig: KubeConfig; cleanup: () => Promise<void> }> {
  const admin = adminKubeConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const roles = {
    [namespaces.experiment]: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'delete'] },
      // An exec over a WebSocket is a GET that the API server also authorizes as a create.
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'patch'] },
    ],
    [namespaces.control]: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
  };
  const account = await createRunnerAccount(
    admin,
    namespaces.experiment,
    Object.entries(roles).map(([namespace, rules]) => ({ namespace, name: RUNNER_ACCOUNT, rules })),
  );
  const clusterRole = `${namespaces.experiment}-nodes`;
  if (options.nodesMode) {
    await rbac.createClusterRole({
      body: {
        metadata: { name: clusterRole },
        rules: [
          { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'patch'] },
          { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
        ],
      },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: clusterRole },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
        subjects: [account],
      },
    });
  }
  const { status } = await core.createNamespacedServiceAccountToken({
    name: account.name,
    namespace: account.namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cleanup = async () => {
    if (!options.nodesMode) return;
    await rbac.deleteClusterRoleBinding({ name: clusterRole }).catch(() => undefined);
    await rbac.deleteClusterRole({ name: clusterRole }).catch(() => undefined);
  };
  return { kubeConfig: tokenKubeConfig(status?.token ?? ''), cleanup };
}

export function driverFor(
  kubeConfig: KubeConfig,
  namespaces: { experiment: string; control: string },
  zoneMode: 'namespace' | 'nodes' = 'namespace',
): KubernetesDriver {
  return new KubernetesDriver({
    context: kubeContext(kubeConfig, namespaces),
    zoneMode,
    cluster: {
      prometheusUrl: 'http://prometheus.monitoring:9090',
      alertmanagerUrl: 'http://alertmanager.monitoring:9093',
      bucket: 'scale-midi',
      groups: {
        control: { databaseUrl: 'postgres://scale@postgres.control:5432/scale' },
        experiment: { databaseUrl: 'postgres://scale@postgres.experiment:5432/scale' },
      },
    },
    execTimeoutMs: 20_000,
    // A budget's refusal is retried for this long before it is reported.
    evictionTimeoutMs: 3_000,
  });
}
