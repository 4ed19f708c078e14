import { setTimeout as sleep } from 'node:timers/promises';
import { replicaAddress } from './replica-plan';
import type { ReplicaSupervisor } from './replica-supervisor';

const POLL_MS = 250;

async function answersReady(address: string): Promise<boolean> {
  const response = await fetch(`http://${address}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(
    () => undefined,
  );
  await response?.body?.cancel();
  return response?.status === 200;
}

/**
 * Waits until every replica answers /readyz, as a rollout waits for its pods. A replica that keeps
 * crashing is restarted meanwhile; if one is still not ready at the deadline, the error shows what
 * it last logged.
 */
export async function waitUntilReady(supervisors: readonly ReplicaSupervisor[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waiting = [...supervisors];
  while (waiting.length > 0) {
    const ready = await Promise.all(
      waiting.map((supervisor) => supervisor.pid !== undefined && answersReady(replicaAddress(supervisor.spec))),
    );
    waiting = waiting.filter((_, index) => !ready[index]);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      const details = waiting.map((supervisor) => {
        const view = supervisor.view();
        return `${view.id} (${view.state}, ${view.restarts} restarts)${supervisor.logs.describe()}`;
      });
      throw new Error(`replicas not ready within ${timeoutMs / 1000} s: ${details.join('\n')}`);
    }
    await sleep(POLL_MS);
  }
}
