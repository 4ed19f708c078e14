import { z } from 'zod';

/**
 * What a network fault does to the link between a group's services and its Postgres. TCP never loses
 * bytes, so packet loss shows to a client as a connection whose data stops arriving: `lossProbability`
 * is the share of connections whose data is dropped until they are closed `LOSS_CLOSE_MS` later (Toxiproxy's
 * `timeout` toxic), `resetProbability` the share reset by the peer at once (`reset_peer`).
 */
export const networkFaultSchema = z
  .strictObject({
    /** Added to every answer from the database (Toxiproxy's `latency` toxic, downstream). */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Up to this much more or less, at random, per chunk of data. */
    jitterMs: z.number().int().min(0).max(60_000).default(0),
    lossProbability: z.number().min(0).max(1).default(0),
    resetProbability: z.number().min(0).max(1).default(0),
  })
  .refine((fault) => fault.jitterMs <= fault.latencyMs, { path: ['jitterMs'], message: 'must not exceed latencyMs' })
  .refine((fault) => fault.latencyMs > 0 || fault.lossProbability > 0 || fault.resetProbability > 0, {
    message: 'needs latencyMs, lossProbability or resetProbability above 0',
  });

export type NetworkFault = z.infer<typeof networkFaultSchema>;

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

/** Every toxic Scale adds is named so; a revert removes exactly these. */
export const TOXIC_PREFIX = 'scale-';

/** The toxics that make up a fault. */
export function toxicsFor(fault: NetworkFault): Toxic[] {
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
