import { describe, expect, it } from 'vitest';
import { TargetSelectionError } from '@scale/chaos';
import type { ClusterDriver, DiskFillSpec, MemoryHogSpec, Replica } from '../../drivers/driver';
import { KubernetesDriver } from '../../drivers/kubernetes/kubernetes-driver';
import type { KubeContext } from '../../drivers/kubernetes/kube-context';
import { twoGroupCluster as cluster, documentFor } from '../../testing/fault-plans';
import { faultKind } from '../fault-catalog';

/** A driver that records what the container faults ask of it. */
function recordingDriver() {
  const calls: string[] = [];
  const driver = {
    startMemoryHog: (replicaId: string, hog: MemoryHogSpec) => {
      calls.push(`memory-hog ${replicaId} ${JSON.stringify(hog)}`);
      return Promise.resolve({ id: 'memhog-1' });
    },
    stopMemoryHog: (hogId: string) => {
      calls.push(`stop ${hogId}`);
      return Promise.resolve();
    },
    fillDisk: (replicaId: string, fill: DiskFillSpec) => {
      calls.push(`fill ${replicaId} ${JSON.stringify(fill)}`);
      return Promise.resolve();
    },
    clearDiskFills: (replicaId: string) => {
      calls.push(`clear ${replicaId}`);
      return Promise.resolve();
    },
  } as unknown as ClusterDriver;
  return { driver, calls };
}

const hog = (params: object) => ({ kind: 'memory-hog', target: { service: 'scale-api', zone: 'a' }, params });
const fill = { kind: 'disk-fill', target: { service: 'scale-api', zone: 'b' }, params: { sharePercent: 95 } };
const apiA = cluster.find((replica) => replica.id === 'experiment-api-a') as Replica;

describe('container faults: memory hog and disk fill', () => {
  it('starts a memory hog of the MiB asked for, ending by itself after the duration and the grace period', async () => {
    const { driver, calls } = recordingDriver();
    const document = documentFor(hog({ megabytes: 64 }));
    const [injection] = faultKind('memory-hog').plan(document, cluster);
    expect(injection).toEqual({ replicaIds: ['experiment-api-a'], revert: { replicaId: 'experiment-api-a' } });
    const target = await faultKind('memory-hog').inject(injection, { driver, document, graceSeconds: 30 });
    expect(target).toEqual({ replicaId: 'experiment-api-a', hogId: 'memhog-1' });
    expect(calls).toEqual(['memory-hog experiment-api-a {"megabytes":64,"timeoutSeconds":40}']);
  });

  it('asks for a share of the limit as a share, with the deadline the document gives', async () => {
    const { driver, calls } = recordingDriver();
    const document = documentFor(hog({ sharePercent: 40, timeoutSeconds: 90 }));
    const [injection] = faultKind('memory-hog').plan(document, cluster);
    await faultKind('memory-hog').inject(injection, { driver, document, graceSeconds: 30 });
    expect(calls).toEqual(['memory-hog experiment-api-a {"sharePercent":40,"timeoutSeconds":90}']);
  });

  it('sees a memory hog take effect as one process more, or as the replica restarted by the OOM killer', () => {
    const [injection] = faultKind('memory-hog').plan(documentFor(hog({ megabytes: 64 })), cluster);
    const before = new Map([[apiA.id, apiA]]);
    const check = (now: Replica) => faultKind('memory-hog').check(injection, before, [now]);
    expect(check(apiA)).toMatch(/not running beside its memory hog/);
    expect(check({ ...apiA, pids: [1, 2] })).toBeNull();
    expect(check({ ...apiA, pids: [3], restarts: 1 })).toBeNull();
    expect(check({ ...apiA, state: 'backoff', pids: [] })).not.toBeNull();
  });

  it('stops the memory hog by its id on revert, and leaves one without an id to its own deadline', async () => {
    const { driver, calls } = recordingDriver();
    await faultKind('memory-hog').revert({ replicaId: 'experiment-api-a', hogId: 'memhog-1' }, driver);
    await faultKind('memory-hog').revert({ replicaId: 'experiment-api-a', hogId: null }, driver);
    expect(calls).toEqual(['stop memhog-1']);
  });

  it('fills the picked replica’s writable space to the share asked for, and reverts by replica alone', async () => {
    const { driver, calls } = recordingDriver();
    const document = documentFor(fill);
    const [injection] = faultKind('disk-fill').plan(document, cluster);
    const target = await faultKind('disk-fill').inject(injection, { driver, document, graceSeconds: 30 });
    expect(target).toEqual({ replicaId: 'experiment-api-b' });
    expect(faultKind('disk-fill').check(injection, new Map(), cluster)).toBeNull();
    await faultKind('disk-fill').revert(target, driver);
    await faultKind('disk-fill').revert(target, driver);
    expect(calls).toEqual([
      'fill experiment-api-b {"sharePercent":95}',
      'clear experiment-api-b',
      'clear experiment-api-b',
    ]);
  });

  it('refuses both before the injection on a cluster whose driver cannot do them, and reverts there as a no-op', async () => {
    const bare = {} as ClusterDriver;
    for (const fault of [hog({ megabytes: 64 }), fill]) {
      const kind = faultKind(fault.kind);
      const [injection] = kind.plan(documentFor(fault), cluster);
      await expect(kind.confirm?.(injection, bare)).rejects.toThrow(TargetSelectionError);
      await expect(kind.revert({ replicaId: 'experiment-api-a', hogId: 'memhog-1' }, bare)).resolves.toBeUndefined();
    }
  });

  it('are refused on Kubernetes before the injection (422), naming what its driver cannot do', async () => {
    const kubernetes = new KubernetesDriver({
      context: {} as KubeContext,
      zoneMode: 'namespace',
      cluster: { prometheusUrl: '', alertmanagerUrl: '', bucket: '', groups: {} as never },
    });
    const refusal = async (fault: { kind: string }) => {
      const kind = faultKind(fault.kind);
      const [injection] = kind.plan(documentFor(fault), cluster);
      return kind.confirm?.(injection, kubernetes).then(
        () => 'accepted',
        (error: Error) => `${error.name}: ${error.message}`,
      );
    };
    expect(await refusal(hog({ megabytes: 64 }))).toBe(
      "TargetSelectionError: this cluster cannot start a memory hog in a replica's container",
    );
    expect(await refusal(fill)).toBe("TargetSelectionError: this cluster cannot fill a replica's writable space");
  });

  it('lists both with their params schemas', () => {
    expect(faultKind('memory-hog')).toMatchObject({
      level: 'container',
      params: { properties: { megabytes: { type: 'integer' }, sharePercent: { maximum: 100 } } },
    });
    expect(faultKind('disk-fill')).toMatchObject({ level: 'container', params: { required: ['sharePercent'] } });
  });
});
