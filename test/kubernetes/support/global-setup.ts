import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startControlPlane } from '@scale/embedded-servers';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A cluster-admin kubeconfig for the shared control plane; each suite makes its own namespaces. */
    kubeconfig: string;
    /** etcd, the Kubernetes programs, kwok and helm, as built by scripts/install-kubernetes.sh. */
    kubernetesBin: string;
  }
}

/**
 * One real control plane for all Kubernetes suites: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and KWOK with two nodes in each of zone-a, zone-b and zone-c, and the Prometheus
 * Operator's CRDs. Each component's log stays in <dataDir>/logs until the run ends.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'scale-kubernetes-'));
  const started = Date.now();
  const plane = await startControlPlane({ dataDir });
  console.log(`kubernetes: control plane ${plane.server} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('kubeconfig', plane.kubeconfigPath);
  project.provide('kubernetesBin', plane.binDir);
  return async () => {
    await plane.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
