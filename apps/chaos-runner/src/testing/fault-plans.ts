import { parseExperimentDocument } from '@scale/chaos';
import { replica } from './replicas';

/** Both groups, each with an API and an extractor replica in zones a and b. */
export const twoGroupCluster = (['control', 'experiment'] as const).flatMap((group) =>
  ['scale-api', 'scale-extractor'].flatMap((service) => ['a', 'b'].map((zone) => replica(group, service, zone))),
);

/** The smallest valid experiment document around `fault`, with `extra` fields over it. */
export const documentFor = (fault: unknown, extra: Record<string, unknown> = {}) =>
  parseExperimentDocument({
    title: 't',
    fault,
    durationSeconds: 10,
    steadyState: { probes: [{ name: 'up', query: 'up', tolerance: { type: 'absolute', min: 1 } }] },
    ...extra,
  });
