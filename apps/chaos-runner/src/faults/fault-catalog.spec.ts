import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, TargetSelectionError } from '@scale/chaos';
import { twoGroupCluster as cluster, documentFor } from '../testing/fault-plans';
import { FAULT_CATALOG, faultKind } from './fault-catalog';

describe('the fault catalog', () => {
  it('has every kind of the document schema, each with its params schema', () => {
    expect(FAULT_CATALOG.map((fault) => fault.kind)).toEqual([...FAULT_KINDS]);
    expect(faultKind('cpu-hog').params).toMatchObject({
      type: 'object',
      properties: { cores: { type: 'integer' }, loadPercent: { maximum: 100 } },
    });
    expect(faultKind('zone-outage').params).toMatchObject({ required: ['zone'] });
    expect(faultKind('pod-kill').params).toMatchObject({
      properties: { gracePeriodSeconds: { type: 'integer', minimum: 0 } },
    });
  });

  it('plans one injection per selected replica, from the experiment group only', () => {
    const plan = faultKind('container-kill').plan(
      documentFor({ kind: 'container-kill', target: { service: 'scale-api', zone: 'b' } }),
      cluster,
    );
    expect(plan).toEqual([{ replicaIds: ['experiment-api-b'], revert: { replicaId: 'experiment-api-b' } }]);
  });

  it('refuses a selection above the maximum share of the group', () => {
    const all = documentFor({ kind: 'pod-kill', target: { service: 'scale-api', mode: 'all' } });
    expect(() => faultKind('pod-kill').plan(all, cluster)).toThrow(TargetSelectionError);
  });

  it('takes a whole zone of the experiment group down, every service, and reverts it by zone', () => {
    const plan = faultKind('zone-outage').plan(
      documentFor({ kind: 'zone-outage', target: { service: 'scale-api' }, params: { zone: 'a' } }),
      cluster,
    );
    expect(plan).toEqual([
      { replicaIds: ['experiment-api-a', 'experiment-extractor-a'], revert: { group: 'experiment', zone: 'a' } },
    ]);
    expect(() =>
      faultKind('zone-outage').plan(
        documentFor({ kind: 'zone-outage', target: { service: 'scale-api' }, params: { zone: 'c' } }),
        cluster,
      ),
    ).toThrow(/no experiment-group replica matches service scale-api in zone c/);
  });

  it('tells a killed replica from one still running, a frozen one from one that is not, and a replica with its hog from one without', () => {
    const before = new Map([[cluster[4].id, cluster[4]]]);
    const injection = { replicaIds: [cluster[4].id], revert: { replicaId: cluster[4].id } };
    const kill = faultKind('container-kill');
    expect(kill.check(injection, before, cluster)).toMatch(/experiment-api-a is not replaced by a new process yet/);
    expect(kill.check(injection, before, [{ ...cluster[4], pids: [2], restarts: 1 }])).toBeNull();
    expect(kill.check(injection, before, [{ ...cluster[4], pids: [], state: 'backoff' }])).toBeNull();
    const hog = faultKind('cpu-hog');
    expect(hog.check(injection, before, cluster)).toMatch(/not running beside its hog/);
    expect(hog.check(injection, before, [{ ...cluster[4], pids: [1, 99] }])).toBeNull();
    const freeze = faultKind('container-freeze');
    expect(freeze.check(injection, before, cluster)).toMatch(/not frozen/);
    expect(freeze.check(injection, before, [{ ...cluster[4], state: 'frozen' }])).toBeNull();
  });

  it('counts a zone replica down when it is held with no process, or gone from the cluster (an evicted pod)', () => {
    const target = cluster[4];
    const before = new Map([[target.id, target]]);
    const injection = { replicaIds: [target.id], revert: { group: 'experiment' as const, zone: 'a' } };
    const zone = faultKind('zone-outage');
    expect(zone.check(injection, before, cluster)).toMatch(/experiment-api-a is not down yet/);
    expect(zone.check(injection, before, [{ ...target, pids: [], state: 'zone-down' }])).toBeNull();
    expect(
      zone.check(
        injection,
        before,
        cluster.filter((replica) => replica.id !== target.id),
      ),
    ).toBeNull();
    expect(zone.check(injection, before, [{ ...target, pids: [1], state: 'stopped' }])).toMatch(/not down yet/);
  });
});
