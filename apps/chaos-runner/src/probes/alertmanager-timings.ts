import { parse } from 'yaml';
import { parsePrometheusDuration } from './prometheus-durations';
import type { PrometheusClient } from './prometheus-client';

/** The receiver the policy (observability/alertmanager/alertmanager.yml) sends the alert ledger's notifications to. */
const LEDGER_RECEIVER = 'alert-ledger';
/** Alertmanager's own default, for a configuration that does not say. */
const DEFAULT_GROUP_WAIT = '30s';

/** Alertmanager's own default, for a configuration that does not say. */
const DEFAULT_GROUP_INTERVAL = '5m';

interface Route {
  receiver?: string;
  group_wait?: string;
  group_interval?: string;
  routes?: Route[];
}

/** How long Alertmanager holds the ledger's notifications: a new group's first one, and a changed group's next one. */
export interface LedgerRouteTimings {
  groupWaitSeconds: number | null;
  groupIntervalSeconds: number | null;
}

/**
 * The timings of the route the ledger's notifications take (its own, or the root route's it inherits),
 * from the running configuration of the first Alertmanager Prometheus sends to. Null when none answers.
 */
export async function ledgerRouteTimings(
  client: PrometheusClient,
  timeoutMs: number,
): Promise<LedgerRouteTimings | null> {
  const [alertmanager] = await client.alertmanagers();
  if (!alertmanager) return null;
  const response = await fetch(`${alertmanager}/api/v2/status`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) return null;
  const status = (await response.json()) as { config?: { original?: string } };
  const config = parse(status.config?.original ?? '') as { route?: Route } | null;
  return config?.route ? routeTimingsOf(config.route) : null;
}

export function routeTimingsOf(root: Route): LedgerRouteTimings {
  const ledger = root.routes?.find((route) => route.receiver === LEDGER_RECEIVER);
  return {
    groupWaitSeconds: parsePrometheusDuration(ledger?.group_wait ?? root.group_wait ?? DEFAULT_GROUP_WAIT),
    groupIntervalSeconds: parsePrometheusDuration(
      ledger?.group_interval ?? root.group_interval ?? DEFAULT_GROUP_INTERVAL,
    ),
  };
}
