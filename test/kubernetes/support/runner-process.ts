import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { findFreePort } from '@scale/embedded-servers';
import { OPERATOR_TOKEN } from '../../support/chaos-runner';
import { eventually, runCli, type RunningProcess } from '../../support/extractor';
import { adminKubeConfig, tokenKubeConfig } from './cluster';

const DIST = resolve(__dirname, '..', '..', '..', 'dist', 'apps', 'chaos-runner', 'src');

/** The runner's settings for one Kubernetes test cluster: where its data, Prometheus and the two groups are. */
export interface RunnerTarget {
  databaseUrl: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  groupDatabaseUrls: { control: string; experiment: string };
  namespaces: { control: string; experiment: string };
  zoneMode: 'namespace' | 'nodes';
  kubeconfigPath: string;
}

/**
 * A kubeconfig holding a token of the ServiceAccount the chart made for the runner, so the runner
 * process below acts with exactly the rights the chart grants it, as it would in its pod.
 */
export async function serviceAccountKubeconfig(namespace: string, account: string, path: string): Promise<string> {
  const { status } = await adminKubeConfig()
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccountToken({
      name: account,
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
  if (!status?.token) throw new Error(`no token for ServiceAccount ${namespace}/${account}`);
  await writeFile(path, tokenKubeConfig(status.token).exportConfig(), { mode: 0o600 });
  return path;
}

export interface RunnerProcess {
  readonly url: string;
  readonly process: RunningProcess;
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** The compiled runner with CHAOS_DRIVER=kubernetes, as its pod runs it, but on this machine (no kubelet here). */
export async function startRunnerProcess(target: RunnerTarget, port?: number): Promise<RunnerProcess> {
  if (!existsSync(join(DIST, 'main.js'))) throw new Error(`${DIST}/main.js is missing: run npm run build first`);
  const listenOn = port ?? (await findFreePort());
  const runner = runCli(
    [],
    {
      DATABASE_URL: target.databaseUrl,
      CHAOS_RUNNER_PORT: String(listenOn),
      CHAOS_DRIVER: 'kubernetes',
      KUBECONFIG: target.kubeconfigPath,
      KUBERNETES_EXPERIMENT_NAMESPACE: target.namespaces.experiment,
      KUBERNETES_CONTROL_NAMESPACE: target.namespaces.control,
      KUBERNETES_ZONE_MODE: target.zoneMode,
      PROMETHEUS_URL: target.prometheusUrl,
      ALERTMANAGER_URL: target.alertmanagerUrl,
      CONTROL_DATABASE_URL: target.groupDatabaseUrls.control,
      EXPERIMENT_DATABASE_URL: target.groupDatabaseUrls.experiment,
      RUNNER_TOKENS: `operator:${OPERATOR_TOKEN}`,
      PROBE_INTERVAL_SECONDS: '1',
      FAULT_VERIFY_TIMEOUT_SECONDS: '60',
      RECOVERY_TIMEOUT_SECONDS: '30',
      ALERT_RESOLUTION_TIMEOUT_SECONDS: '2',
      INTEGRITY_TIMEOUT_SECONDS: '10',
      PROBE_WINDOWS_TIMEOUT_SECONDS: '30',
      LOG_LEVEL: 'warn',
    },
    join(DIST, 'main.js'),
    ['--import', join(DIST, 'instrument.js')],
  );
  const url = `http://127.0.0.1:${listenOn}`;
  await eventually(
    'the runner to be ready',
    async () => {
      if (runner.child.exitCode !== null) throw new Error(`the runner exited with code ${runner.child.exitCode}`);
      return (await fetch(`${url}/readyz`).catch(() => null))?.status === 200;
    },
    60_000,
    200,
  ).catch((error: Error) => {
    runner.child.kill('SIGKILL');
    throw new Error(`${error.message}; stderr: ${runner.stderr()}`);
  });
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${OPERATOR_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return { url, process: runner, call };
}

/** An experiment whose steady state always holds: no pod here serves traffic for Prometheus to scrape. */
export function kubernetesExperiment(fault: Record<string, unknown>, durationSeconds: number) {
  return {
    title: `${String(fault.kind)} on Kubernetes`,
    fault,
    durationSeconds,
    steadyState: {
      probes: [{ name: 'constant', query: 'vector(1)', tolerance: { type: 'absolute', max: 2 } }],
    },
  };
}
