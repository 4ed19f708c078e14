import type { ExperimentDocument } from '@scale/chaos';
import type { NetworkFaultSpec } from '../../drivers/driver';
import type { FaultKindDefinition } from '../fault';
import { planGroupInjection, requireDriverMethod } from '../group-fault';
import { paramsSchemaOf } from '../params-schema';

function specOf(document: ExperimentDocument): NetworkFaultSpec {
  if (document.fault.kind !== 'database-network') {
    throw new Error(`database-network cannot inject a ${document.fault.kind}`);
  }
  return document.fault.params;
}

export const databaseNetwork: FaultKindDefinition = {
  kind: 'database-network',
  level: 'group',
  selfHealing: false,
  description:
    "Network fault between the experiment group's services and its Postgres, through the fault proxy (Toxiproxy) in front of the database: " +
    '`latencyMs` added to every answer with `jitterMs` of jitter, `lossProbability` of the connections stalled (their data dropped, then closed, as a lossy link looks over TCP), ' +
    "`resetProbability` of them reset. Every replica of the group shares the link, so `maxTargetShare` must be 1; the control group's link is its own. " +
    'Local cluster: its Toxiproxy (scripts/install-toxiproxy.sh). Kubernetes: the Toxiproxy the chart runs with `faultProxy.enabled` in the experiment release, ' +
    "reached through the API server's service proxy; without it, 422.",
  params: paramsSchemaOf('database-network'),
  plan: (document, replicas) => planGroupInjection(document, replicas),
  async confirm(_injection, driver) {
    requireDriverMethod(
      driver.setNetworkFault,
      'put a network fault between a group and its database (no fault proxy)',
    );
    await driver.checkNetworkFault?.('experiment');
  },
  async inject(injection, { driver, document }) {
    await driver.setNetworkFault?.('experiment', specOf(document));
    return injection.revert;
  },
  // Nothing in the replicas' state shows a slow link; the proxy taking the toxics is the check.
  check: () => null,
  async revert(target, driver) {
    if (target.group) await driver.clearNetworkFault?.(target.group);
  },
};
