import { firstFiring, type DetectionMoments, type FaultKind, type Firing } from '@scale/chaos';
import type { Replica } from '../drivers/driver';
import { measureDetection } from '../probes/detection-moments';
import type { PrometheusClient } from '../probes/prometheus-client';

/**
 * When the fault took effect: when the last of its targets' processes exited, where the driver says
 * (a kill, a zone outage), otherwise `seenAt`, when the run saw the fault in the replicas (a hog
 * running beside its replica).
 */
export function effectMoment(
  replicaIds: readonly string[],
  replicas: readonly Replica[],
  injectedAt: Date,
  seenAt: Date,
): Date {
  const exits = replicaIds.map((id) => {
    const exit = replicas.find((replica) => replica.id === id)?.lastExit?.at;
    const at = exit ? Date.parse(exit) : Number.NaN;
    return at >= injectedAt.getTime() && at <= seenAt.getTime() ? at : null;
  });
  if (exits.length === 0 || exits.some((at) => at === null)) return seenAt;
  return new Date(Math.max(...(exits as number[])));
}

export interface DetectionsToMeasure {
  kind: FaultKind;
  replicaIds: readonly string[];
  injectedAt: Date;
  effectAt: Date | null;
  firings: readonly Firing[];
  alertnames: readonly string[];
  scrapeIntervalSeconds: number;
}

/**
 * The moments of each expected alert's detection (its first firing after the injection), by alert
 * name; an alert that did not fire has none. One that Prometheus cannot tell about keeps what the run
 * and the ledger know, its other moments null, and says why in `failures`.
 */
export async function measureDetections(
  client: PrometheusClient,
  input: DetectionsToMeasure,
): Promise<{ moments: Map<string, DetectionMoments>; failures: Record<string, string> }> {
  const moments = new Map<string, DetectionMoments>();
  const failures: Record<string, string> = {};
  for (const alertname of input.alertnames) {
    const firing = firstFiring(input.injectedAt, input.firings, alertname);
    if (!firing) continue;
    try {
      moments.set(alertname, await measureDetection(client, { ...input, firing }));
    } catch (error) {
      failures[alertname] = error instanceof Error ? error.message : String(error);
      moments.set(alertname, {
        injectedAt: input.injectedAt,
        effectAt: input.effectAt,
        firstScrapeAt: null,
        conditionAt: null,
        pendingAt: null,
        firingAt: firing.startsAt,
        notifiedAt: firing.notifiedAt ?? firing.startsAt,
      });
    }
  }
  return { moments, failures };
}
