import { parse } from 'yaml';
import { parsePrometheusDuration } from './prometheus-durations';
import type { PrometheusClient } from './prometheus-client';

/** The receiver the policy (observability/alertmanager/alertmanager.yml) sends the alert ledger's notifications to. */
const LEDGER_RECEIVER = 'alert-ledger';
/** Alertmanager's own default, for a configuration that does not say. */
const DEFAULT_GROUP_WAIT = '30s';

interface Route {
  receiver?: string;
  group_wait?: string;
  routes?: Route[];
}

/**
 * How long Alertmanager holds a new group of alerts before it notifies the ledger (the ledger's route's
 * group_wait, or the root route's it inherits), read from the running configuration of the first
 * Alertmanager Prometheus sends to. Null when none answers.
 */
export async function ledgerGroupWaitSeconds(client: PrometheusClient, timeoutMs: number): Promise<number | null> {
  const [alertmanager] = await client.alertmanagers();
  if (!alertmanager) return null;
  const response = await fetch(`${alertmanager}/api/v2/status`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) return null;
  const status = (await response.json()) as { config?: { original?: string } };
  const config = parse(status.config?.original ?? '') as { route?: Route } | null;
  return config?.route ? groupWaitOf(config.route) : null;
}

/** The group_wait of the route the ledger's notifications take: its own, or the root's it inherits. */
export function groupWaitOf(root: Route): number | null {
  const ledger = root.routes?.find((route) => route.receiver === LEDGER_RECEIVER);
  return parsePrometheusDuration(ledger?.group_wait ?? root.group_wait ?? DEFAULT_GROUP_WAIT);
}
