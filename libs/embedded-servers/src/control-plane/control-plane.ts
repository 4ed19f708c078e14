import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { EmbeddedServerError } from '../errors';
import { startApiserver } from './apiserver';
import { makeCertificates } from './certificates';
import type { Component } from './component-process';
import { startControllerManager, startScheduler } from './controllers';
import { installPrometheusOperatorCrds } from './crds';
import { startEtcd } from './etcd';
import { kubeConfigFrom, pollUntil } from './kube-api';
import { writeAdminKubeconfig } from './kubeconfig';
import { startKwok } from './kwok';
import { createKwokNodes } from './kwok-nodes';
import { kubernetesBinDir } from './paths';

export interface ControlPlaneOptions {
  /** Scratch directory for certificates, etcd's data, the kubeconfig and each component's log. */
  dataDir: string;
  /** Default zone-a, zone-b, zone-c. */
  zones?: string[];
  /** Default 2: nodes kwok-<zone>-1 … kwok-<zone>-n in every zone. */
  nodesPerZone?: number;
  /** Every line every component logs, prefixed with its name. */
  log?: (line: string) => void;
}

export interface ControlPlane {
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** A cluster-admin kubeconfig. */
  kubeconfigPath: string;
  caFile: string;
  /** etcd, the Kubernetes programs, kwok and helm. */
  binDir: string;
  /** Stops the components one at a time, in the reverse order of their start. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_ZONES = ['zone-a', 'zone-b', 'zone-c'];
const PORT_ATTEMPTS = 3;

/**
 * A real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) with
 * KWOK nodes spread over zones and the Prometheus Operator's CRDs installed, built by
 * scripts/install-kubernetes.sh. No container runs: KWOK reports the pods Running.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      // Ports are picked free, but another program may take one before the component binds it.
      const clash = /address already in use/i.test(String(error));
      if (!clash || attempt === PORT_ATTEMPTS) throw error;
      await rm(join(resolve(options.dataDir), 'etcd'), { recursive: true, force: true });
    }
  }
}

async function startOnce(options: ControlPlaneOptions): Promise<ControlPlane> {
  const dataDir = resolve(options.dataDir);
  const binDir = kubernetesBinDir();
  const { log } = options;
  await mkdir(join(dataDir, 'logs'), { recursive: true });
  const started: Component[] = [];
  // Reverse order: the apiserver stopped after etcd, or with it, may never exit.
  const stopAll = async () => {
    for (const component of started.reverse()) await component.stop();
  };
  try {
    const certificates = await makeCertificates(join(dataDir, 'pki'));
    const etcd = await startEtcd(binDir, dataDir, log);
    started.push(etcd.component);
    const apiserver = await startApiserver({ binDir, dataDir, etcdUrl: etcd.url, certificates, log });
    started.push(apiserver.component);
    const kubeconfigPath = join(dataDir, 'admin.kubeconfig');
    await writeAdminKubeconfig(kubeconfigPath, apiserver.server, certificates);
    const controllers = { binDir, dataDir, kubeconfigPath, certificates, log };
    started.push(await startControllerManager(controllers));
    started.push(await startScheduler(controllers));
    started.push(await startKwok({ binDir, dataDir, kubeconfigPath, log }));
    await installPrometheusOperatorCrds(kubeconfigPath);
    await createKwokNodes(kubeconfigPath, zoneNodes(options.zones ?? DEFAULT_ZONES, options.nodesPerZone ?? 2));
    await waitForDefaultServiceAccount(kubeconfigPath);
    let stopped: Promise<void> | undefined;
    return {
      server: apiserver.server,
      kubeconfigPath,
      caFile: certificates.caFile,
      binDir,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    if (error instanceof EmbeddedServerError) throw error;
    throw new EmbeddedServerError(`could not start the Kubernetes control plane in ${dataDir}: ${String(error)}`, {
      cause: error,
    });
  }
}

function zoneNodes(zones: string[], perZone: number) {
  return zones.flatMap((zone) =>
    Array.from({ length: perZone }, (_, index) => ({ name: `kwok-${zone}-${index + 1}`, zone })),
  );
}

/**
 * Pods name a ServiceAccount, which the controller-manager creates in each namespace: until it has made
 * the default namespace's, the controllers are not yet at work.
 */
async function waitForDefaultServiceAccount(kubeconfigPath: string): Promise<void> {
  const api = kubeConfigFrom(kubeconfigPath).makeApiClient(CoreV1Api);
  await pollUntil('the default ServiceAccount', async () => {
    await api.readNamespacedServiceAccount({ name: 'default', namespace: 'default' });
    return true;
  });
}
