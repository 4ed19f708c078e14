import { z } from 'zod';

/**
 * What a network fault does to the link between a group's services and its Postgres. TCP never loses
 * bytes, so packet loss shows to a client as a connection whose data stops arriving: `lossProbability`
 * is the share of connections whose data is dropped until they are closed (Toxiproxy's `timeout` toxic),
 * `resetProbability` the share reset by the peer at once (`reset_peer`); the toxics are @scale/chaos's
 * `toxicsFor`, shared with the Kubernetes driver.
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
