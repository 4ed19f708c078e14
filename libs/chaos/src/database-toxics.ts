/**
 * The toxics of a database-network fault, one definition for both drivers: the local cluster puts them
 * on its Toxiproxy in front of each group's Postgres, the Kubernetes driver on the chart's fault proxy.
 */

/** What a network fault does to the link between a group's services and its Postgres. */
export interface DatabaseLinkFault {
  /** Added to every answer from the database (Toxiproxy's `latency` toxic, downstream). */
  readonly latencyMs: number;
  /** Up to this much more or less, at random, per chunk of data. */
  readonly jitterMs: number;
  /** Share of connections whose data is dropped until they are closed LOSS_CLOSE_MS later. */
  readonly lossProbability: number;
  /** Share of connections reset by the peer at once. */
  readonly resetProbability: number;
}

/** How long a "lost" connection stays silent before it is closed, as a client's TCP would give up, only sooner. */
export const LOSS_CLOSE_MS = 5_000;

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

/**
 * The toxics that make up a fault. TCP never loses bytes, so packet loss shows to a client as a
 * connection whose data stops arriving (Toxiproxy's `timeout` toxic on a share of connections, its
 * toxicity), and resets as `reset_peer` on a share.
 */
export function toxicsFor(fault: DatabaseLinkFault): Toxic[] {
  const toxics: Toxic[] = [];
  if (fault.latencyMs > 0) {
    toxics.push({
      name: `${TOXIC_PREFIX}latency`,
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: fault.latencyMs, jitter: fault.jitterMs },
    });
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
