import type { V1Affinity } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { excludeZone, readmitZone } from './zone-affinity';

const notIn = (zone: string) => ({ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: [zone] });
const onSsd = { key: 'disk', operator: 'In', values: ['ssd'] };

describe('excludeZone and readmitZone', () => {
  it('adds one required term excluding the zone when there is no affinity, and takes it all out again', () => {
    const { affinity, added } = excludeZone(undefined, 'a');
    expect(added).toBe(true);
    expect(affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [notIn('a')] }] },
      },
    });
    expect(readmitZone(affinity, 'a')).toBeUndefined();
  });

  it("ANDs the exclusion into every one of the owner's terms, keeping the rest of the affinity, and restores them exactly", () => {
    const owners: V1Affinity = {
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] },
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [onSsd] } }],
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [onSsd] },
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
          ],
        },
      },
    };
    const { affinity } = excludeZone(owners, 'b');
    expect(affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchExpressions: [onSsd, notIn('b')] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }], matchExpressions: [notIn('b')] },
    ]);
    expect(affinity.podAntiAffinity).toBe(owners.podAntiAffinity);
    expect(readmitZone(affinity, 'b')).toEqual(owners);
  });

  it('adds nothing when every term excludes the zone already', () => {
    const owners: V1Affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [notIn('c')] }] },
      },
    };
    expect(excludeZone(owners, 'c')).toEqual({ affinity: owners, added: false });
  });

  it('takes out only the last exclusion of the zone, so one the owner wrote before it stays', () => {
    const owners: V1Affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [notIn('a')] }, { matchExpressions: [onSsd] }],
        },
      },
    };
    const { affinity } = excludeZone(owners, 'a');
    expect(readmitZone(affinity, 'a')).toEqual(owners);
    const twoZones = excludeZone(excludeZone(undefined, 'a').affinity, 'b').affinity;
    expect(readmitZone(twoZones, 'b')).toEqual(excludeZone(undefined, 'a').affinity);
  });

  it('ignores the undefined fields the client lists for what is absent', () => {
    const fromClient = { nodeAffinity: undefined, podAffinity: undefined, podAntiAffinity: undefined } as V1Affinity;
    expect(readmitZone(excludeZone(fromClient, 'a').affinity, 'a')).toBeUndefined();
  });
});
