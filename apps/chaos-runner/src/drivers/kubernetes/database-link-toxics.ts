import type { NetworkFaultSpec } from '../driver';

/** A toxic as Toxiproxy's API takes it. */
export interface Toxic {
  name: string;
  type: 'latency' | 'timeout' | 'reset_peer';
  stream: 'upstream' | 'downstream';
  toxicity: number;
  attributes: Record<string, number>;
}

/** Every toxic Scale adds is named so; a revert removes exactly these and leaves an operator's own. */
export const TOXIC_PREFIX = 'scale-';

/** How long a "lost" connection stays silent before it is closed, as on the local cluster. */
export const LOSS_CLOSE_MS = 5_000;

/**
 * The toxics of a database-network fault, the same as the local cluster puts on its proxies (its
 * network-fault.ts; test/kubernetes/driver-database-network.test.ts holds the two to the same answers):
 * latency with jitter on what the database sends, loss as a share of connections stalled then closed,
 * resets as a share of connections reset. This image does not carry the local cluster's code, hence the copy.
 */
export function toxicsFor(fault: NetworkFaultSpec): Toxic[] {
  const toxics: Toxic[] = [];
  if (fault.latencyMs > 0) {
    const attributes = { latency: fault.latencyMs, jitter: fault.jitterMs };
    toxics.push({ name: `${TOXIC_PREFIX}latency`, type: 'latency', stream: 'downstream', toxicity: 1, attributes });
  }
  if (fault.lossProbability > 0) {
    toxics.push({
      name: `${TOXIC_PREFIX}loss`,
      type: 'timeout',
      stream: 'upstream',
      toxicity: fault.lossProbability,
      attributes: { timeout: LOSS_CLOSE_MS },
    });
  }
  if (fault.resetProbability > 0) {
    toxics.push({
      name: `${TOXIC_PREFIX}reset`,
      type: 'reset_peer',
      stream: 'upstream',
      toxicity: fault.resetProbability,
      attributes: { timeout: 0 },
    });
  }
  return toxics;
}
