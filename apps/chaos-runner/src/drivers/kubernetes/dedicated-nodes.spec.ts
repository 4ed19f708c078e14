import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podsSharingNodes } from './dedicated-nodes';

const pod = (namespace: string, name: string, extra: { owner?: string; phase?: string } = {}): V1Pod => ({
  metadata: {
    namespace,
    name,
    ownerReferences: extra.owner ? [{ apiVersion: 'apps/v1', kind: extra.owner, name: 'x', uid: 'u' }] : undefined,
  },
  spec: { nodeName: 'kwok-zone-a-1', containers: [] },
  status: { phase: extra.phase ?? 'Running' },
});

describe('podsSharingNodes', () => {
  it("names the pods of other namespaces, and lets the experiment namespace's, DaemonSets' and finished pods be", () => {
    expect(
      podsSharingNodes(
        [
          pod('scale-experiment', 'scale-api-1', { owner: 'ReplicaSet' }),
          pod('scale-control', 'scale-api-2', { owner: 'ReplicaSet' }),
          pod('kube-system', 'node-exporter-x', { owner: 'DaemonSet' }),
          pod('batch', 'report-job', { phase: 'Succeeded' }),
          pod('batch', 'standalone'),
        ],
        'scale-experiment',
      ),
    ).toEqual(['scale-control/scale-api-2 on kwok-zone-a-1', 'batch/standalone on kwok-zone-a-1']);
  });

  it('finds nothing on nodes that hold only the experiment namespace', () => {
    expect(podsSharingNodes([pod('scale-experiment', 'scale-extractor-1')], 'scale-experiment')).toEqual([]);
  });
});
