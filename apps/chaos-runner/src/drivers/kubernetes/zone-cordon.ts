import { TargetSelectionError } from '@scale/chaos';
import { PatchStrategy, setHeaderOptions, type V1Node } from '@kubernetes/client-node';
import { podsSharingNodes } from './dedicated-nodes';
import type { KubeContext } from './kube-context';
import { asking, kubeError } from './kube-errors';
import { ANNOTATIONS, ZONE_LABEL } from './labels';

/** The zone's nodes, refused unless every one of them is dedicated to the experiment namespace. */
export async function dedicatedZoneNodes(context: KubeContext, zone: string): Promise<V1Node[]> {
  const nodes = await zoneNodes(context, zone);
  if (nodes.length === 0) throw new TargetSelectionError(`no node is labelled ${ZONE_LABEL}=${zone}`);
  const sharing: string[] = [];
  for (const node of nodes) {
    const nodeName = node.metadata?.name ?? '';
    const pods = await asking(`list the pods on node ${nodeName}`, () =>
      context.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${nodeName}` }),
    );
    sharing.push(...podsSharingNodes(pods.items, context.experimentNamespace));
  }
  if (sharing.length > 0) {
    throw new TargetSelectionError(
      `zone ${zone}'s nodes are not dedicated to namespace ${context.experimentNamespace}: cordoning them would also stop ${sharing.join(', ')} from being scheduled there (use KUBERNETES_ZONE_MODE=namespace, or a node pool of the experiment group's own)`,
    );
  }
  return nodes;
}

export async function zoneNodes(context: KubeContext, zone: string): Promise<V1Node[]> {
  const list = await asking(`list the nodes of zone ${zone}`, () =>
    context.core.listNode({ labelSelector: `${ZONE_LABEL}=${zone}` }),
  );
  return list.items;
}

/**
 * Cordons the zone's nodes that are schedulable, noting on each that this zone's outage did it;
 * returns their names. A node cordoned already is someone else's to uncordon, and left alone.
 */
export async function cordonNodes(context: KubeContext, nodes: readonly V1Node[], zone: string): Promise<string[]> {
  const cordoned: string[] = [];
  for (const node of nodes) {
    if (node.spec?.unschedulable) continue;
    const name = node.metadata?.name ?? '';
    await mergePatchNode(context, name, `cordon node ${name}`, {
      metadata: { annotations: { [ANNOTATIONS.cordonedFor]: zone } },
      spec: { unschedulable: true },
    });
    cordoned.push(name);
  }
  return cordoned;
}

/**
 * Uncordons the nodes this zone's outage cordoned: those named (the revert record's list), or, when
 * the runner stopped before recording them, the zone's nodes that carry its note. A node without
 * the note (uncordoned and cordoned again by someone since) is left as it is.
 */
export async function uncordonNodes(
  context: KubeContext,
  zone: string,
  names: readonly string[] | undefined,
): Promise<void> {
  const nodes = names
    ? await Promise.all(names.map((name) => readNode(context, name)))
    : await zoneNodes(context, zone);
  for (const node of nodes) {
    if (!node || node.metadata?.annotations?.[ANNOTATIONS.cordonedFor] !== zone) continue;
    const name = node.metadata.name ?? '';
    await mergePatchNode(context, name, `uncordon node ${name}`, {
      metadata: { annotations: { [ANNOTATIONS.cordonedFor]: null } },
      spec: { unschedulable: null },
    });
  }
}

/** A JSON merge patch: it touches only the fields it names, whatever the kubelet writes beside them meanwhile. */
async function mergePatchNode(context: KubeContext, name: string, what: string, body: object): Promise<void> {
  await asking(what, () =>
    context.core.patchNode({ name, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
  );
}

async function readNode(context: KubeContext, name: string): Promise<V1Node | undefined> {
  try {
    return await context.core.readNode({ name });
  } catch (error) {
    const failure = kubeError(error, `read node ${name}`);
    if (failure.status === 404) return undefined;
    throw failure;
  }
}
