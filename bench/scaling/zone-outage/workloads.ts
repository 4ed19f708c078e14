import type { AppsV1Api, CoreV1Api, PolicyV1Api, V1Deployment, V1Toleration } from '@kubernetes/client-node';

export type Group = 'control' | 'experiment';
export const COMPONENTS = ['api', 'extractor'] as const;

/** Where a group's pods may go: anywhere untainted, or only onto a node pool they tolerate. */
export interface Placement {
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: V1Toleration[];
}

export interface GroupSpec {
  readonly namespace: string;
  readonly group: Group;
  readonly replicas: number;
  readonly maxUnavailable: number | string;
  readonly placement?: Placement;
}

export interface Clients {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly policy: PolicyV1Api;
}

/**
 * A group as `helm install` of helm/scale lays it out, without the Services and monitoring objects
 * the outage does not involve: per component a Deployment with the chart's labels, zone spread,
 * requests and grace period, and its PodDisruptionBudget.
 */
export async function createGroup(clients: Clients, spec: GroupSpec): Promise<void> {
  await clients.core.createNamespace({ body: { metadata: { name: spec.namespace } } });
  for (const component of COMPONENTS) {
    const name = `${spec.group}-${component}`;
    const selector = selectorLabels(spec.group, component);
    await clients.apps.createNamespacedDeployment({
      namespace: spec.namespace,
      body: deployment(name, spec, component),
    });
    await clients.policy.createNamespacedPodDisruptionBudget({
      namespace: spec.namespace,
      body: {
        metadata: { name },
        spec: { maxUnavailable: spec.maxUnavailable, selector: { matchLabels: selector } },
      },
    });
  }
}

function selectorLabels(group: Group, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': `scale-${component}`,
    'app.kubernetes.io/instance': group,
    'app.kubernetes.io/component': component,
  };
}

function deployment(name: string, spec: GroupSpec, component: (typeof COMPONENTS)[number]): V1Deployment {
  const selector = selectorLabels(spec.group, component);
  const labels = { ...selector, 'app.kubernetes.io/part-of': 'scale', 'scale.dev/group': spec.group };
  return {
    metadata: { name, labels },
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 15,
          // As helm/scale/templates/pipeline/_deployment.tpl: see there why both policies are Honor.
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              nodeAffinityPolicy: 'Honor',
              nodeTaintsPolicy: 'Honor',
              labelSelector: { matchLabels: selector },
              matchLabelKeys: ['pod-template-hash'],
            },
          ],
          nodeSelector: spec.placement?.nodeSelector,
          tolerations: spec.placement?.tolerations,
          containers: [
            {
              name: component,
              image: `scale-${component}:bench`,
              resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
            },
          ],
        },
      },
    },
  };
}
