import type { V1Affinity, V1Deployment } from '@kubernetes/client-node';
import { ANNOTATIONS, COMPONENTS, LABELS } from './labels';
import type { KubeContext } from './kube-context';
import { asking, kubeError } from './kube-errors';
import { excludeZone, readmitZone } from './zone-affinity';

/**
 * The `namespace` zone mode's Deployment side: the experiment group's Deployments get a required
 * node affinity that excludes the zone, and lose it again. Each Deployment notes the zones whose
 * exclusion the driver added, so a revert takes out exactly those and leaves any the owner wrote.
 */
export async function excludeZoneFromDeployments(context: KubeContext, zone: string): Promise<void> {
  for (const deployment of await experimentDeployments(context)) {
    await patchDeployment(context, deployment, (current) => {
      const excluded = excludedZones(current);
      if (excluded.includes(zone)) return null;
      const { affinity, added } = excludeZone(current.spec?.template.spec?.affinity, zone);
      return added ? { affinity, excluded: [...excluded, zone] } : null;
    });
  }
}

export async function readmitZoneToDeployments(context: KubeContext, zone: string): Promise<void> {
  for (const deployment of await experimentDeployments(context)) {
    await patchDeployment(context, deployment, (current) => {
      const excluded = excludedZones(current);
      if (!excluded.includes(zone)) return null;
      return {
        affinity: readmitZone(current.spec?.template.spec?.affinity, zone),
        excluded: excluded.filter((candidate) => candidate !== zone),
      };
    });
  }
}

/** The Deployments whose pods are the experiment group's replicas, by their pod template's labels. */
async function experimentDeployments(context: KubeContext): Promise<V1Deployment[]> {
  const namespace = context.experimentNamespace;
  const list = await asking(`list the Deployments of namespace ${namespace}`, () =>
    context.apps.listNamespacedDeployment({ namespace, labelSelector: `${LABELS.partOf}=scale` }),
  );
  return list.items.filter((deployment) => {
    const labels = deployment.spec?.template.metadata?.labels ?? {};
    return (
      labels[LABELS.partOf] === 'scale' &&
      labels[LABELS.group] === 'experiment' &&
      (COMPONENTS as readonly string[]).includes(labels[LABELS.component] ?? '')
    );
  });
}

function excludedZones(deployment: V1Deployment): string[] {
  const noted = deployment.metadata?.annotations?.[ANNOTATIONS.excludedZones] ?? '';
  return noted.split(',').filter((zone) => zone !== '');
}

type Change = { affinity: V1Affinity | undefined; excluded: string[] } | null;

/**
 * Applies `change` with a JSON patch that first tests the resourceVersion it was computed from; a
 * Deployment changed in between is read again and the change computed anew.
 */
async function patchDeployment(
  context: KubeContext,
  deployment: V1Deployment,
  change: (current: V1Deployment) => Change,
): Promise<void> {
  const name = deployment.metadata?.name ?? '';
  const namespace = context.experimentNamespace;
  const what = `patch the node affinity of Deployment ${name} in namespace ${namespace}`;
  let current = deployment;
  for (let attempt = 1; ; attempt++) {
    const wanted = change(current);
    if (!wanted) return;
    const annotations: Record<string, string> = { ...current.metadata?.annotations };
    if (wanted.excluded.length > 0) annotations[ANNOTATIONS.excludedZones] = wanted.excluded.join(',');
    else delete annotations[ANNOTATIONS.excludedZones];
    const hasAffinity = current.spec?.template.spec?.affinity !== undefined;
    const body = [
      { op: 'test', path: '/metadata/resourceVersion', value: current.metadata?.resourceVersion },
      { op: 'add', path: '/metadata/annotations', value: annotations },
      wanted.affinity
        ? { op: 'add', path: '/spec/template/spec/affinity', value: wanted.affinity }
        : hasAffinity
          ? { op: 'remove', path: '/spec/template/spec/affinity' }
          : null,
    ].filter((operation) => operation !== null);
    try {
      await context.apps.patchNamespacedDeployment({ name, namespace, body });
      return;
    } catch (error) {
      const failure = kubeError(error, what);
      // 422: the test of the resourceVersion failed; 409: a conflicting write.
      if ((failure.status !== 422 && failure.status !== 409) || attempt >= 3) throw failure;
      current = await asking(what, () => context.apps.readNamespacedDeployment({ name, namespace }));
    }
  }
}
