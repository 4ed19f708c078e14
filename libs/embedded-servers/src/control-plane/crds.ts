import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiextensionsV1Api, loadAllYaml, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { kubeConfigFrom, pollUntil } from './kube-api';
import { kubernetesShareDir } from './paths';

/**
 * Creates the Prometheus Operator's CRDs (ServiceMonitor, PodMonitor, PrometheusRule, AlertmanagerConfig, …)
 * and waits until the apiserver serves them, so the chart's monitoring objects are validated against them.
 */
export async function installPrometheusOperatorCrds(kubeconfigPath: string): Promise<void> {
  const api = kubeConfigFrom(kubeconfigPath).makeApiClient(ApiextensionsV1Api);
  const dir = join(kubernetesShareDir(), 'crds');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.yaml'));
  const crds: V1CustomResourceDefinition[] = [];
  for (const file of files) {
    crds.push(...(loadAllYaml(await readFile(join(dir, file), 'utf8')) as V1CustomResourceDefinition[]));
  }
  await Promise.all(crds.map((body) => api.createCustomResourceDefinition({ body })));
  await pollUntil('Prometheus Operator CRDs Established', async () => {
    const { items } = await api.listCustomResourceDefinition();
    const established = items.filter((crd) =>
      crd.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True'),
    );
    return crds.every((crd) => established.some((item) => item.metadata?.name === crd.metadata?.name));
  });
}
