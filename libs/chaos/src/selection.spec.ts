import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertExperimentOnly, Selectable, selectTargets, TargetSelectionError, TargetSelector } from './selection';

/** The local cluster's eight replicas: API and extractor, per group, per zone. */
const cluster: Selectable[] = (['control', 'experiment'] as const).flatMap((group) =>
  ['api', 'extractor'].flatMap((service) =>
    ['a', 'b'].map((zone) => ({ id: `${group}-${service}-${zone}`, group, service: `scale-${service}`, zone })),
  ),
);

const ids = (targets: readonly Selectable[]) => targets.map((target) => target.id);

/** Experiment group with `count` replicas of the API spread over zones a, b, c, plus as many in the control group. */
function replicas(count: number): Selectable[] {
  return (['control', 'experiment'] as const).flatMap((group) =>
    Array.from({ length: count }, (_, i) => ({
      id: `${group}-api-${i}`,
      group,
      service: 'scale-api',
      zone: 'abc'[i % 3],
    })),
  );
}

describe('selectTargets', () => {
  it('picks one experiment-group replica, as the random source says', () => {
    expect(
      ids(selectTargets(cluster, { service: 'scale-api', mode: 'one' }, { maxShare: 0.5, random: () => 0 })),
    ).toEqual(['experiment-api-a']);
    expect(
      ids(selectTargets(cluster, { service: 'scale-api', mode: 'one' }, { maxShare: 0.5, random: () => 0.99 })),
    ).toEqual(['experiment-api-b']);
  });

  it('picks every match in one zone', () => {
    expect(ids(selectTargets(cluster, { zone: 'a', mode: 'all' }, { maxShare: 0.5 }))).toEqual([
      'experiment-api-a',
      'experiment-extractor-a',
    ]);
  });

  it('picks a fixed number, at most as many as match', () => {
    const many = replicas(10);
    expect(selectTargets(many, { service: 'scale-api', mode: 'fixed', value: 3 }, { maxShare: 1 })).toHaveLength(3);
    expect(
      selectTargets(many, { service: 'scale-api', zone: 'a', mode: 'fixed', value: 9 }, { maxShare: 1 }),
    ).toHaveLength(4);
  });

  it('picks a percentage rounded down, but at least one', () => {
    const many = replicas(10);
    expect(selectTargets(many, { mode: 'percent', value: 35 }, { maxShare: 1 })).toHaveLength(3);
    expect(selectTargets(many, { mode: 'percent', value: 5 }, { maxShare: 1 })).toHaveLength(1);
    expect(selectTargets(many, { mode: 'percent', value: 100 }, { maxShare: 1 })).toHaveLength(10);
  });

  it('refuses a selector that matches nothing, naming the control group when only it matches', () => {
    expect(() => selectTargets(cluster, { service: 'scale-web', mode: 'all' }, { maxShare: 1 })).toThrow(
      new TargetSelectionError('no experiment-group replica matches service scale-web'),
    );
    const controlOnly = cluster.filter((replica) => replica.group === 'control');
    expect(() => selectTargets(controlOnly, { service: 'scale-api', zone: 'a', mode: 'one' }, { maxShare: 1 })).toThrow(
      'no experiment-group replica matches service scale-api in zone a (1 control-group replica(s) match, but the control group is never a target)',
    );
  });

  it('refuses a selector naming the control group', () => {
    expect(() =>
      selectTargets(cluster, { service: 'scale-api', group: 'control', mode: 'one' }, { maxShare: 1 }),
    ).toThrow(TargetSelectionError);
  });

  it("refuses more than the maximum share of a service's experiment replicas", () => {
    expect(() => selectTargets(cluster, { service: 'scale-api', mode: 'all' }, { maxShare: 0.5 })).toThrow(
      "selecting 2 of the experiment group's 2 scale-api replica(s) (100%) exceeds the maximum share of 50%",
    );
    expect(ids(selectTargets(cluster, { service: 'scale-api', mode: 'all' }, { maxShare: 1 }))).toEqual([
      'experiment-api-a',
      'experiment-api-b',
    ]);
    // The share counts the whole service, not only the zone selected.
    expect(() => selectTargets(replicas(3), { zone: 'a', mode: 'all' }, { maxShare: 0.3 })).toThrow(
      /1 of the experiment group's 3 scale-api/,
    );
  });

  it('refuses a fixed count or percentage out of range', () => {
    expect(() => selectTargets(cluster, { mode: 'fixed' }, { maxShare: 1 })).toThrow(
      'mode fixed needs a whole number of replicas of at least 1, got undefined',
    );
    expect(() => selectTargets(cluster, { mode: 'fixed', value: 0 }, { maxShare: 1 })).toThrow(TargetSelectionError);
    expect(() => selectTargets(cluster, { mode: 'percent', value: 101 }, { maxShare: 1 })).toThrow(
      'mode percent needs a value from 1 to 100, got 101',
    );
  });

  const selector: fc.Arbitrary<TargetSelector> = fc.record(
    {
      service: fc.constantFrom('scale-api', 'scale-extractor'),
      zone: fc.constantFrom('a', 'b', 'c'),
      mode: fc.constantFrom('one', 'all', 'fixed', 'percent'),
      value: fc.integer({ min: 1, max: 100 }),
    },
    { requiredKeys: ['mode', 'value'] },
  );
  const candidates = fc.array(
    fc.record({
      id: fc.uuid(),
      group: fc.constantFrom('control', 'experiment'),
      service: fc.constantFrom('scale-api', 'scale-extractor'),
      zone: fc.constantFrom('a', 'b', 'c'),
    }),
    { maxLength: 30 },
  ) as fc.Arbitrary<Selectable[]>;
  const randomSource = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1 });

  it('never returns a control-group member, never more than the share allows, never one twice', () => {
    fc.assert(
      fc.property(
        candidates,
        selector,
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        randomSource,
        (pool, chosen, maxShare, draws) => {
          let next = 0;
          const random = () => draws[next++ % draws.length];
          let targets: Selectable[];
          try {
            targets = selectTargets(pool, chosen, { maxShare, random });
          } catch (error) {
            expect(error).toBeInstanceOf(TargetSelectionError);
            return;
          }
          expect(targets.length).toBeGreaterThan(0);
          expect(targets.every((target) => target.group === 'experiment')).toBe(true);
          expect(new Set(targets).size).toBe(targets.length);
          for (const target of targets) {
            expect(target.service === chosen.service || chosen.service === undefined).toBe(true);
            expect(target.zone === chosen.zone || chosen.zone === undefined).toBe(true);
          }
          for (const service of new Set(targets.map((target) => target.service))) {
            const total = pool.filter(
              (replica) => replica.group === 'experiment' && replica.service === service,
            ).length;
            expect(targets.filter((target) => target.service === service).length).toBeLessThanOrEqual(
              maxShare * total + 1e-9,
            );
          }
          expect(() => assertExperimentOnly(targets)).not.toThrow();
        },
      ),
    );
  });
});

describe('assertExperimentOnly', () => {
  it('refuses any control-group target by id', () => {
    expect(() => assertExperimentOnly(cluster.filter((replica) => replica.id.endsWith('api-a')))).toThrow(
      'refusing to touch control-api-a (group control): faults only hit the experiment group',
    );
    expect(() => assertExperimentOnly(cluster.filter((replica) => replica.group === 'experiment'))).not.toThrow();
  });
});
