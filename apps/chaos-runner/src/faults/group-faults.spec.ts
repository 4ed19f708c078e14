import { describe, expect, it } from 'vitest';
import { ExperimentDocumentError, TargetSelectionError } from '@scale/chaos';
import type { ClusterDriver, Group, NetworkFaultSpec } from '../drivers/driver';
import { twoGroupCluster as cluster, documentFor } from '../testing/fault-plans';
import { faultKind } from './fault-catalog';

const refusal = (fault: unknown) => {
  try {
    documentFor(fault, { maxTargetShare: 1 });
  } catch (error) {
    if (error instanceof ExperimentDocumentError) return { kind: error.kind, issues: error.issues };
    throw error;
  }
  throw new Error('expected the document to be refused');
};

/** A driver that records what the group faults ask of it. */
function recordingDriver() {
  const calls: string[] = [];
  const driver = {
    setNetworkFault: (group: Group, fault: NetworkFaultSpec) => {
      calls.push(`set ${group} ${JSON.stringify(fault)}`);
      return Promise.resolve();
    },
    clearNetworkFault: (group: Group) => {
      calls.push(`clear ${group}`);
      return Promise.resolve();
    },
    setTrafficMultiplier: (group: Group, multiplier: number) => {
      calls.push(`traffic ${group} ${multiplier}`);
      return Promise.resolve();
    },
  } as unknown as ClusterDriver;
  return { driver, calls };
}

const network = {
  kind: 'database-network',
  target: { service: 'scale-api' },
  params: { latencyMs: 800, jitterMs: 100 },
};
const surge = { kind: 'traffic-surge', target: { service: 'scale-api' }, params: { multiplier: 4 } };

describe('group faults: the database link and the traffic', () => {
  it('hits every replica of the experiment group through its database link, and is reverted by group alone', () => {
    const plan = faultKind('database-network').plan(documentFor(network, { maxTargetShare: 1 }), cluster);
    expect(plan).toEqual([
      {
        replicaIds: ['experiment-api-a', 'experiment-api-b', 'experiment-extractor-a', 'experiment-extractor-b'],
        revert: { group: 'experiment' },
      },
    ]);
  });

  it('refuses a network fault under a maximum share below 1, since the link is shared by the whole group', () => {
    expect(() => faultKind('database-network').plan(documentFor(network), cluster)).toThrow(TargetSelectionError);
  });

  it('refuses jitter above the latency and a fault that does nothing as rules (422), a negative latency as schema (400)', () => {
    expect(refusal({ ...network, params: { latencyMs: 100, jitterMs: 200 } })).toEqual({
      kind: 'rules',
      issues: [{ path: 'fault.params.jitterMs', message: 'must not exceed params.latencyMs' }],
    });
    expect(refusal({ ...network, params: {} })).toEqual({
      kind: 'rules',
      issues: [{ path: 'fault.params', message: 'needs latencyMs, lossProbability or resetProbability above 0' }],
    });
    expect(refusal({ ...network, params: { latencyMs: -1 } })).toMatchObject({ kind: 'schema' });
    expect(refusal({ ...network, params: { resetProbability: 2 } })).toMatchObject({
      kind: 'schema',
      issues: [{ path: 'fault.params.resetProbability', message: 'must be at most 1' }],
    });
  });

  it('puts the fault on the experiment link and takes it off on revert, as often as asked', async () => {
    const { driver, calls } = recordingDriver();
    const fault = faultKind('database-network');
    const document = documentFor(network, { maxTargetShare: 1 });
    const [injection] = fault.plan(document, cluster);
    await fault.confirm?.(injection, driver);
    const target = await fault.inject(injection, { driver, document, graceSeconds: 0 });
    await fault.revert(target, driver);
    await fault.revert(target, driver);
    expect(calls).toEqual([
      'set experiment {"latencyMs":800,"jitterMs":100,"lossProbability":0,"resetProbability":0}',
      'clear experiment',
      'clear experiment',
    ]);
  });

  it('multiplies the experiment group API load and sets it back to 1 on revert', async () => {
    const { driver, calls } = recordingDriver();
    const fault = faultKind('traffic-surge');
    const document = documentFor(surge, { maxTargetShare: 1 });
    const [injection] = fault.plan(document, cluster);
    expect(injection.replicaIds).toEqual(['experiment-api-a', 'experiment-api-b']);
    await fault.revert(await fault.inject(injection, { driver, document, graceSeconds: 0 }), driver);
    expect(calls).toEqual(['traffic experiment 4', 'traffic experiment 1']);
  });

  it('refuses a surge of 1 or less (400), one aimed at a service the traffic does not reach, and a cluster that cannot do either', async () => {
    expect(refusal({ ...surge, params: { multiplier: 1 } })).toMatchObject({
      kind: 'schema',
      issues: [{ path: 'fault.params.multiplier', message: 'must be greater than 1' }],
    });
    expect(() =>
      faultKind('traffic-surge').plan(
        documentFor({ ...surge, target: { service: 'scale-extractor' } }, { maxTargetShare: 1 }),
        cluster,
      ),
    ).toThrow(/target.service must be scale-api/);
    const bare = {} as ClusterDriver;
    const [injection] = faultKind('traffic-surge').plan(documentFor(surge, { maxTargetShare: 1 }), cluster);
    await expect(faultKind('traffic-surge').confirm?.(injection, bare)).rejects.toThrow(TargetSelectionError);
    await expect(faultKind('database-network').confirm?.(injection, bare)).rejects.toThrow(/no fault proxy/);
  });
});
