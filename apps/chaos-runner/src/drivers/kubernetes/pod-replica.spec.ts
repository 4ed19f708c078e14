import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { replicaOf } from './pod-replica';

const started = new Date('2026-03-01T10:00:00Z');

/** A Running pod of the experiment group's API as the API server lists it (dates as Date objects). */
function apiPod(
  overrides: { status?: Partial<NonNullable<V1Pod['status']>>; labels?: Record<string, string> } = {},
): V1Pod {
  return {
    metadata: {
      name: 'scale-api-7f9c-x2k4p',
      namespace: 'scale-experiment',
      creationTimestamp: new Date('2026-03-01T09:59:50Z'),
      labels: {
        'app.kubernetes.io/part-of': 'scale',
        'app.kubernetes.io/name': 'scale-api',
        'app.kubernetes.io/component': 'api',
        'scale.dev/group': 'experiment',
        ...overrides.labels,
      },
    },
    spec: {
      nodeName: 'kwok-zone-b-1',
      containers: [
        { name: 'otel-sidecar', ports: [{ containerPort: 4317 }] },
        { name: 'api', ports: [{ containerPort: 3000 }] },
      ],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.1.7',
      startTime: new Date('2026-03-01T09:59:55Z'),
      containerStatuses: [
        {
          name: 'otel-sidecar',
          ready: true,
          restartCount: 9,
          image: 'x',
          imageID: 'x',
          state: { running: { startedAt: started } },
        },
        {
          name: 'api',
          ready: true,
          restartCount: 2,
          image: 'scale',
          imageID: 'scale',
          state: { running: { startedAt: started } },
          lastState: { terminated: { exitCode: 137, finishedAt: new Date('2026-03-01T09:59:58Z') } },
        },
      ],
      ...overrides.status,
    },
  };
}

const zones = new Map([['kwok-zone-b-1', 'b']]);

describe('replicaOf', () => {
  it("maps a running pod to a replica: its name, service, node's zone, main container's address, restarts and last exit", () => {
    expect(replicaOf(apiPod(), 'experiment', zones)).toEqual({
      id: 'scale-api-7f9c-x2k4p',
      service: 'scale-api',
      group: 'experiment',
      zone: 'b',
      address: '10.0.1.7:3000',
      pids: [1],
      state: 'running',
      restarts: 2,
      startedAt: '2026-03-01T10:00:00.000Z',
      lastExit: { at: '2026-03-01T09:59:58.000Z' },
    });
  });

  it("takes the pod's own zone label before its node's", () => {
    const labelled = apiPod({ labels: { 'topology.kubernetes.io/zone': 'c' } });
    expect(replicaOf(labelled, 'experiment', zones).zone).toBe('c');
  });

  it('puts a pod not scheduled yet in no zone, with no address and no process', () => {
    const pending = apiPod({ status: { phase: 'Pending', podIP: undefined, containerStatuses: undefined } });
    pending.spec!.nodeName = undefined;
    expect(replicaOf(pending, 'experiment', zones)).toMatchObject({
      zone: '',
      address: '',
      pids: [],
      state: 'stopped',
      restarts: 0,
      startedAt: '2026-03-01T09:59:55.000Z',
      lastExit: null,
    });
  });

  it('counts the hogs the runner started beside the main process, and reports it frozen when the runner stopped it', () => {
    expect(replicaOf(apiPod(), 'experiment', zones, { frozen: true, hogPids: [41] })).toMatchObject({
      pids: [1, 41],
      state: 'frozen',
    });
  });

  it('reports a crash-looping container in backoff and a pod being deleted as stopped', () => {
    const looping = apiPod();
    looping.status!.containerStatuses![1].state = { waiting: { reason: 'CrashLoopBackOff' } };
    expect(replicaOf(looping, 'experiment', zones)).toMatchObject({ state: 'backoff', pids: [] });
    const deleting = apiPod();
    deleting.metadata!.deletionTimestamp = new Date();
    expect(replicaOf(deleting, 'experiment', zones)).toMatchObject({ state: 'stopped', pids: [1] });
  });
});
