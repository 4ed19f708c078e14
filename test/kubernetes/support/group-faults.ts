import { CoreV1Api, KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import { CI_VALUES, renderChart, type Manifest, type PolicyRule } from '../../helm/chart';
import { adminKubeConfig, tokenKubeConfig } from './cluster';
import { createRunnerAccount } from './runner-account';

export type Namespaces = { experiment: string; control: string };

/** A group's pipeline release as the chart renders it into `namespace`, with `set` on top of its ci values. */
export async function renderGroup(
  group: 'experiment' | 'control',
  namespace: string,
  set: Record<string, string | number | boolean>,
): Promise<Manifest[]> {
  return renderChart(`scale-${group}`, namespace, [CI_VALUES[group]], set);
}

/** Creates the manifests in `namespace` as cluster-admin. */
export async function createAll(namespace: string, manifests: readonly Manifest[]): Promise<void> {
  const objects = KubernetesObjectApi.makeApiClient(adminKubeConfig());
  for (const manifest of manifests) {
    await objects.create({ ...manifest, metadata: { ...manifest.metadata, namespace } });
  }
}

/** A token for a ServiceAccount, as a kubeconfig: what a pod running under it would have. */
export async function serviceAccountKubeConfig(namespace: string, name: string): Promise<KubeConfig> {
  const { status } = await adminKubeConfig()
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccountToken({
      name,
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
  return tokenKubeConfig(status?.token ?? '');
}

/**
 * The chaos runner's ServiceAccount with exactly the rights the chart's runner release grants it in the two
 * group namespaces (its Roles as rendered), so the driver is tested with what an install gives it.
 */
export async function chartRunnerKubeConfig(namespaces: Namespaces): Promise<KubeConfig> {
  const rendered = await renderChart('scale-runner', 'scale-chaos', [CI_VALUES.runner], {
    'runner.experimentNamespace': namespaces.experiment,
    'runner.controlNamespace': namespaces.control,
  });
  const roles = rendered
    .filter((manifest) => manifest.kind === 'Role')
    .map((role) => ({
      namespace: role.metadata.namespace ?? '',
      name: role.metadata.name,
      rules: role.rules as PolicyRule[],
    }));
  const account = await createRunnerAccount(adminKubeConfig(), namespaces.experiment, roles);
  return serviceAccountKubeConfig(account.namespace, account.name);
}
