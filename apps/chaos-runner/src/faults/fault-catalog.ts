import { FAULT_KINDS, type FaultKind } from '@scale/chaos';
import { diskFill } from './container/disk-fill';
import { memoryHog } from './container/memory-hog';
import { cpuHog } from './cpu-hog';
import type { FaultKindDefinition } from './fault';
import { containerFreeze, containerKill, containerShutdown, podKill } from './replica-faults';
import { databaseNetwork } from './network/database-network';
import { trafficSurge } from './traffic/traffic-surge';
import { zoneOutage } from './zone-outage';

const DEFINITIONS: Record<FaultKind, FaultKindDefinition> = {
  'cpu-hog': cpuHog,
  'container-shutdown': containerShutdown,
  'container-kill': containerKill,
  'container-freeze': containerFreeze,
  'pod-kill': podKill,
  'zone-outage': zoneOutage,
  'database-network': databaseNetwork,
  'traffic-surge': trafficSurge,
  'memory-hog': memoryHog,
  'disk-fill': diskFill,
};

/** Every fault kind the runner can inject, in the order the document schema lists them. */
export const FAULT_CATALOG: readonly FaultKindDefinition[] = FAULT_KINDS.map((kind) => DEFINITIONS[kind]);

export function faultKind(kind: string): FaultKindDefinition {
  const definition = (DEFINITIONS as Record<string, FaultKindDefinition | undefined>)[kind];
  if (!definition) throw new Error(`unknown fault kind ${kind}`);
  return definition;
}
