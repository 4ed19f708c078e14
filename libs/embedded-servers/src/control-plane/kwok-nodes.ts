import { CoreV1Api, type V1Node } from '@kubernetes/client-node';
import { EmbeddedServerError } from '../errors';
import { kubeConfigFrom, pollUntil } from './kube-api';
import { KWOK_NODE_ANNOTATION } from './kwok';

export interface KwokNode {
  name: string;
  zone: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
}

/** What each simulated node offers the scheduler: a common cloud machine's size. */
const CAPACITY = { cpu: '8', memory: '32Gi', pods: '110' };

/** Registers nodes for KWOK to run and waits until every one of them is Ready. */
export async function createKwokNodes(kubeconfigPath: string, nodes: KwokNode[]): Promise<void> {
  const api = kubeConfigFrom(kubeconfigPath).makeApiClient(CoreV1Api);
  for (const node of nodes) await api.createNode({ body: nodeObject(node) });
  const names = new Set(nodes.map((node) => node.name));
  try {
    await pollUntil('nodes Ready', async () => {
      const { items } = await api.listNode();
      const ready = items.filter((item) => names.has(item.metadata?.name ?? '') && isReady(item));
      return ready.length === names.size;
    });
  } catch (error) {
    throw new EmbeddedServerError(`KWOK did not make ${[...names].join(', ')} Ready; is kwok running?`, {
      cause: error,
    });
  }
}

function nodeObject(node: KwokNode): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': node.zone,
        type: 'kwok',
        ...node.labels,
      },
    },
    spec: { taints: node.taints },
    status: { capacity: CAPACITY, allocatable: CAPACITY },
  };
}

function isReady(node: V1Node): boolean {
  return (
    node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false
  );
}
