import { TargetSelectionError } from '@scale/chaos';
import type { FaultKindDefinition } from '../fault';
import { planGroupInjection, requireDriverMethod } from '../group-fault';
import { paramsSchemaOf } from '../params-schema';

/** The service the cluster's traffic is sent to. */
const LOADED_SERVICE = 'scale-api';

export const trafficSurge: FaultKindDefinition = {
  kind: 'traffic-surge',
  level: 'group',
  selfHealing: false,
  description:
    "Traffic surge: the experiment group's API gets `multiplier` times its steady load for the duration while the control group's stays as it is, " +
    'then the load returns to steady. The steady-state probes judge the experiment group against the control group. ' +
    "Local cluster: its traffic generator. Kubernetes: the experiment release's generator (the chart's `traffic.enabled`), " +
    'through the `multiplier` key of its ConfigMap, which restarts nothing; without it, 422.',
  params: paramsSchemaOf('traffic-surge'),
  plan(document, replicas) {
    if (document.fault.target.service !== LOADED_SERVICE) {
      throw new TargetSelectionError(
        `a traffic surge loads ${LOADED_SERVICE}: target.service must be ${LOADED_SERVICE}`,
      );
    }
    return planGroupInjection(document, replicas, LOADED_SERVICE);
  },
  async confirm(_injection, driver) {
    requireDriverMethod(driver.setTrafficMultiplier, "change a group's traffic (it sends none)");
    await driver.checkTrafficMultiplier?.('experiment');
  },
  async inject(injection, { driver, document }) {
    const { fault } = document;
    if (fault.kind !== 'traffic-surge') throw new Error(`traffic-surge cannot inject a ${fault.kind}`);
    await driver.setTrafficMultiplier?.('experiment', fault.params.multiplier);
    return injection.revert;
  },
  // The replicas' state does not show load; the generator taking the multiplier is the check.
  check: () => null,
  async revert(target, driver) {
    if (target.group) await driver.setTrafficMultiplier?.(target.group, 1);
  },
};
