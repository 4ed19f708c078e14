import { TargetSelectionError } from '@scale/chaos';
import { ClusterDriverError, type NetworkFaultSpec } from '../driver';
import type { KubeContext } from './kube-context';
import { asking } from './kube-errors';
import { LABELS } from './labels';
import { TOXIC_PREFIX, toxicsFor, type Toxic } from '@scale/chaos';
import { apiServerRefusal, serviceProxyCall, type ServicePort } from './service-proxy';

/** What the chart renders for `faultProxy.enabled` (templates/fault-proxy): the contract the driver finds it by. */
export const FAULT_PROXY = {
  component: 'fault-proxy',
  /** The Service port of Toxiproxy's HTTP API. */
  apiPort: 'api',
  /** The proxy in its configuration that carries the pipeline's Postgres connections. */
  proxy: 'postgres',
} as const;

const SELECTOR = `${LABELS.partOf}=scale,${LABELS.component}=${FAULT_PROXY.component},${LABELS.group}=experiment`;

/**
 * The experiment group's fault proxy: the one Service in its namespace with the chart's fault-proxy labels;
 * undefined when the release runs without one. The control namespace is never looked at.
 */
export async function findFaultProxy(context: KubeContext): Promise<ServicePort | undefined> {
  const namespace = context.experimentNamespace;
  const { items } = await asking(`list the fault proxy Services in namespace ${namespace}`, () =>
    context.core.listNamespacedService({ namespace, labelSelector: SELECTOR }),
  );
  if (items.length > 1) {
    const names = items.map((service) => service.metadata?.name).join(', ');
    throw new TargetSelectionError(
      `namespace ${namespace} has more than one fault proxy (${names}): which one the pipeline uses is unclear`,
    );
  }
  const service = items[0]?.metadata?.name;
  return service ? { namespace, service, port: FAULT_PROXY.apiPort } : undefined;
}

/** The experiment group's fault proxy; a TargetSelectionError (422) naming the value to set when there is none. */
export async function requireFaultProxy(context: KubeContext): Promise<ServicePort> {
  const found = await findFaultProxy(context);
  if (found) return found;
  throw new TargetSelectionError(
    `the experiment group has no fault proxy in front of its database (no Service labelled ${SELECTOR} in namespace ${context.experimentNamespace}): install its release with faultProxy.enabled=true`,
  );
}

/** Puts the fault on the experiment group's database link, replacing whatever fault Scale put there. */
export async function setDatabaseLinkFault(context: KubeContext, fault: NetworkFaultSpec): Promise<void> {
  const proxy = await requireFaultProxy(context);
  await removeScaleToxics(context, proxy);
  for (const toxic of toxicsFor(fault)) {
    await toxiproxy(context, proxy, 'POST', `/proxies/${FAULT_PROXY.proxy}/toxics`, toxic);
  }
}

/** Takes Scale's toxics off the link; without a proxy (never deployed, or removed since) nothing is on it. */
export async function clearDatabaseLinkFault(context: KubeContext): Promise<void> {
  const proxy = await findFaultProxy(context);
  if (proxy) await removeScaleToxics(context, proxy);
}

/** What the proxy has, not what this runner remembers: a runner restarted after a crash clears them too. */
async function removeScaleToxics(context: KubeContext, proxy: ServicePort): Promise<void> {
  const toxics = JSON.parse(await toxiproxy(context, proxy, 'GET', `/proxies/${FAULT_PROXY.proxy}/toxics`)) as Toxic[];
  for (const toxic of toxics.filter((candidate) => candidate.name.startsWith(TOXIC_PREFIX))) {
    const path = `/proxies/${FAULT_PROXY.proxy}/toxics/${encodeURIComponent(toxic.name)}`;
    await toxiproxy(context, proxy, 'DELETE', path, undefined, [404]);
  }
}

async function toxiproxy(
  context: KubeContext,
  proxy: ServicePort,
  method: string,
  path: string,
  body?: unknown,
  alsoFine: number[] = [],
): Promise<string> {
  const answer = await serviceProxyCall(context.kubeConfig, proxy, method, path, body);
  if (answer.status < 300 || alsoFine.includes(answer.status)) return answer.body;
  const where = `the fault proxy ${proxy.service} in namespace ${proxy.namespace}`;
  const refusal = apiServerRefusal(answer);
  const reason = refusal
    ? `the Kubernetes API server answered ${answer.status}: ${refusal}${answer.status === 503 ? ' (no ready proxy pod)' : ''}`
    : `Toxiproxy answered ${answer.status}: ${answer.body.slice(0, 300)}`;
  throw new ClusterDriverError(`${method} ${path} on ${where} failed: ${reason}`, answer.status);
}
