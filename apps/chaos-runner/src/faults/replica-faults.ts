import type { ContainerSignal } from '../drivers/driver';
import type { FaultKindDefinition } from './fault';
import { paramsSchemaOf } from './params-schema';
import { firstMissing, planPerReplica, replaced, unlessGone } from './replica-state';

/**
 * A signal to a replica's container whose process then exits: the supervisor (a kubelet on
 * Kubernetes) restarts it, so there is nothing to revert; recovery is the replica running again.
 */
function exitingSignal(
  kind: 'container-shutdown' | 'container-kill',
  signal: ContainerSignal,
  description: string,
): FaultKindDefinition {
  return {
    kind,
    level: 'container',
    description,
    selfHealing: true,
    params: paramsSchemaOf(kind),
    plan: planPerReplica,
    async inject(injection, { driver }) {
      for (const id of injection.replicaIds) await driver.signal(id, signal);
      return injection.revert;
    },
    check: (injection, before, now) => firstMissing(injection, before, now, replaced, 'replaced by a new process'),
    revert: async () => undefined,
  };
}

export const containerShutdown = exitingSignal(
  'container-shutdown',
  'SIGTERM',
  "Graceful shutdown: SIGTERM to the replica's container, which finishes its requests and exits; the supervisor restarts it.",
);

export const containerKill = exitingSignal(
  'container-kill',
  'SIGKILL',
  "Hard kill: SIGKILL to the replica's container, which dies mid-request; the supervisor restarts it.",
);

export const containerFreeze: FaultKindDefinition = {
  kind: 'container-freeze',
  level: 'container',
  selfHealing: false,
  description:
    "Freeze: SIGSTOP to the replica's container for the duration (it holds its connections and answers nothing), SIGCONT after.",
  params: paramsSchemaOf('container-freeze'),
  plan: planPerReplica,
  async inject(injection, { driver }) {
    for (const id of injection.replicaIds) await driver.signal(id, 'SIGSTOP');
    return injection.revert;
  },
  check: (injection, before, now) =>
    firstMissing(injection, before, now, (_, current) => current?.state === 'frozen', 'frozen'),
  async revert(target, driver) {
    if (target.replicaId) await unlessGone(driver.signal(target.replicaId, 'SIGCONT'));
  },
};

export const podKill: FaultKindDefinition = {
  kind: 'pod-kill',
  level: 'pod',
  selfHealing: true,
  description:
    'Pod kill: every process of the replica (its container and anything beside it) killed at once; the supervisor restarts it. ' +
    'On Kubernetes the pod is deleted with `gracePeriodSeconds` (0 or left out: at once) and its ReplicaSet replaces it; the local cluster always kills at once.',
  params: paramsSchemaOf('pod-kill'),
  plan: planPerReplica,
  async inject(injection, { driver, document }) {
    if (document.fault.kind !== 'pod-kill') throw new Error(`pod-kill cannot inject a ${document.fault.kind}`);
    const gracePeriodSeconds = document.fault.params.gracePeriodSeconds ?? 0;
    for (const id of injection.replicaIds) await driver.killPod(id, { gracePeriodSeconds });
    return injection.revert;
  },
  check: (injection, before, now) => firstMissing(injection, before, now, replaced, 'replaced by a new process'),
  revert: async () => undefined,
};
