import { join } from 'node:path';
import { findFreePort } from '../free-port';
import { SERVICE_CLUSTER_IP_RANGE, type ControlPlaneCertificates } from './certificates';
import { startComponent, waitForComponent, type Component } from './component-process';
import { answersOk } from './https-probe';

interface ControllerOptions {
  binDir: string;
  dataDir: string;
  kubeconfigPath: string;
  certificates: ControlPlaneCertificates;
  log?: (line: string) => void;
}

/**
 * kube-controller-manager: Deployments, ReplicaSets, StatefulSets, the disruption controller behind
 * PodDisruptionBudgets, namespace deletion, garbage collection, each namespace's default ServiceAccount
 * and its root CA ConfigMap. Each controller acts under a ServiceAccount of its own, as in a real cluster.
 */
export async function startControllerManager(options: ControllerOptions): Promise<Component> {
  const pki = options.certificates;
  return startHealthChecked('kube-controller-manager', options, [
    `--service-account-private-key-file=${pki.serviceAccountKeyFile}`,
    `--root-ca-file=${pki.caFile}`,
    '--use-service-account-credentials=true',
    `--cluster-signing-cert-file=${pki.caFile}`,
    `--cluster-signing-key-file=${pki.caKeyFile}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
  ]);
}

export function startScheduler(options: ControllerOptions): Promise<Component> {
  return startHealthChecked('kube-scheduler', options, []);
}

/** Both serve /healthz on a port of their own; one plane, so no leader election. */
async function startHealthChecked(name: string, options: ControllerOptions, args: string[]): Promise<Component> {
  const port = await findFreePort();
  const component = await startComponent({
    name,
    binDir: options.binDir,
    logDir: join(options.dataDir, 'logs'),
    log: options.log,
    args: [
      `--kubeconfig=${options.kubeconfigPath}`,
      `--authentication-kubeconfig=${options.kubeconfigPath}`,
      `--authorization-kubeconfig=${options.kubeconfigPath}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${join(options.dataDir, name)}`,
      '--leader-elect=false',
      '--profiling=false',
      ...args,
    ],
  });
  await waitForComponent(component, 'healthy', () => answersOk(`https://127.0.0.1:${port}/healthz`));
  return component;
}
