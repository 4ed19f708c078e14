import type { V1Pod } from '@kubernetes/client-node';
import type { Group, Replica } from '../driver';
import { COMPONENTS, LABELS, ZONE_LABEL } from './labels';

/** What the runner knows of a pod that the API server does not tell. */
export interface PodRuntime {
  /** The runner stopped its main process with SIGSTOP and has not sent SIGCONT since. */
  frozen: boolean;
  /** The PIDs, in the container, of CPU hogs the runner started there and whose deadline has not passed. */
  hogPids: readonly number[];
}

const NOTHING_KNOWN: PodRuntime = { frozen: false, hogPids: [] };

/** The name of a replica's main container: the one named after its component (`api`, `extractor`). */
export function mainContainerOf(pod: V1Pod): string | undefined {
  const component = pod.metadata?.labels?.[LABELS.component];
  return (COMPONENTS as readonly string[]).includes(component ?? '') ? component : undefined;
}

/** The zone a pod runs in: its own topology label (set at binding), else its node's; '' while it has none. */
export function zoneOfPod(pod: V1Pod, nodeZones: ReadonlyMap<string, string>): string {
  const own = pod.metadata?.labels?.[ZONE_LABEL];
  if (own) return own;
  const node = pod.spec?.nodeName;
  return (node && nodeZones.get(node)) || '';
}

/**
 * A replica as the engine sees it, from its pod. There are no host PIDs on Kubernetes: `pids` is
 * [1] (the main container's process) while that container runs, plus the runner's hogs in it, and
 * empty otherwise, so "no process" and "one process more" mean what they mean on the local cluster.
 * A pod not scheduled yet has zone '' (no zone selector matches it) and no address.
 */
export function replicaOf(
  pod: V1Pod,
  group: Group,
  nodeZones: ReadonlyMap<string, string>,
  runtime: PodRuntime = NOTHING_KNOWN,
): Replica {
  const container = mainContainerOf(pod);
  const status = pod.status?.containerStatuses?.find((candidate) => candidate.name === container);
  const running = status?.state?.running !== undefined && status.state.running !== null;
  const port = pod.spec?.containers.find((candidate) => candidate.name === container)?.ports?.[0]?.containerPort;
  const finishedAt = status?.lastState?.terminated?.finishedAt;
  return {
    id: pod.metadata?.name ?? '',
    service: pod.metadata?.labels?.[LABELS.name] ?? '',
    group,
    zone: zoneOfPod(pod, nodeZones),
    address: pod.status?.podIP && port ? `${pod.status.podIP}:${port}` : '',
    pids: running ? [1, ...runtime.hogPids] : [],
    state: stateOf(pod, running, runtime.frozen),
    restarts: status?.restartCount ?? 0,
    startedAt: iso(status?.state?.running?.startedAt ?? pod.status?.startTime ?? pod.metadata?.creationTimestamp),
    lastExit: finishedAt ? { at: iso(finishedAt) } : null,
  };
}

function stateOf(pod: V1Pod, running: boolean, frozen: boolean): Replica['state'] {
  // A pod being deleted is on its way out, even while its container drains.
  if (pod.metadata?.deletionTimestamp) return 'stopped';
  if (running) return frozen ? 'frozen' : 'running';
  const container = mainContainerOf(pod);
  const waiting = pod.status?.containerStatuses?.find((candidate) => candidate.name === container)?.state?.waiting;
  return waiting?.reason === 'CrashLoopBackOff' ? 'backoff' : 'stopped';
}

/** The client gives dates as Date objects; the engine keeps ISO strings. */
function iso(value: Date | string | undefined): string {
  if (value === undefined) return new Date(0).toISOString();
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
