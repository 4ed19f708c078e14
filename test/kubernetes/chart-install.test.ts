import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminKubeConfig, createNamespace, deleteNamespace, eventually } from './support/cluster';
import { CHART, CI_VALUES, helm, valueArgs } from '../helm/chart';

const ZONES = ['zone-a', 'zone-b', 'zone-c'];
/** KWOK runs a pod within seconds, but this two-core machine may be busy with other suites. */
const RUNNING_TIMEOUT_MS = 60_000;
const PIPELINE_COMPONENTS = ['api', 'extractor'];

const kubeConfig = adminKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const apps = kubeConfig.makeApiClient(AppsV1Api);
const custom = kubeConfig.makeApiClient(CustomObjectsApi);
const authorization = kubeConfig.makeApiClient(AuthorizationV1Api);

const namespaces = { control: '', experiment: '', chaos: '' };
const storageClass = `scale-chart-${randomBytes(3).toString('hex')}`;
const volumes: string[] = [];

async function install(release: string, namespace: string, values: string, set: Record<string, string | boolean>) {
  const result = await helm([
    'install',
    release,
    CHART,
    '--namespace',
    namespace,
    '--kubeconfig',
    inject('kubeconfig'),
    ...valueArgs([values], { 'database.postgres.storageClassName': storageClass, ...set }),
  ]);
  if (result.code !== 0) throw new Error(`helm install ${release} in ${namespace} failed:\n${result.stderr}`);
  return result;
}

async function secret(namespace: string, name: string, stringData: Record<string, string>) {
  await core.createNamespacedSecret({ namespace, body: { metadata: { name }, stringData } });
}

/** A volume for one in-chart Postgres: no provisioner runs here, so the claims bind to volumes made up front. */
async function volume() {
  const name = `${storageClass}-${volumes.length}`;
  volumes.push(name);
  await core.createPersistentVolume({
    body: {
      metadata: { name },
      spec: {
        storageClassName: storageClass,
        capacity: { storage: '8Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: `/tmp/${name}` },
      },
    },
  });
}

async function pods(namespace: string, component: string): Promise<V1Pod[]> {
  const { items } = await core.listNamespacedPod({
    namespace,
    labelSelector: `app.kubernetes.io/part-of=scale,app.kubernetes.io/component=${component}`,
  });
  return items.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
}

const running = (pod: V1Pod) =>
  pod.status?.phase === 'Running' &&
  (pod.status.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');

/** Every pod of `component` Running and Ready, `count` of them; otherwise throws what it sees, for `eventually`. */
async function allRunning(namespace: string, component: string, count: number): Promise<V1Pod[]> {
  const found = await pods(namespace, component);
  if (found.length === count && found.every(running)) return found;
  const states = found.map(
    (pod) =>
      `${pod.metadata?.name} ${pod.status?.phase} on ${pod.spec?.nodeName ?? 'no node'} ` +
      (pod.status?.conditions ?? [])
        .map((condition) => `${condition.type}=${condition.status} ${condition.message ?? ''}`)
        .join(', '),
  );
  throw new Error(`${found.length} of ${count} ${component} pods in ${namespace}: ${states.join('; ')}`);
}

async function zoneOfNode(name: string): Promise<string | undefined> {
  return (await core.readNode({ name })).metadata?.labels?.['topology.kubernetes.io/zone'];
}

/** Whether the runner's ServiceAccount may `verb` the resource, asked of the API server's authorizer. */
async function runnerMay(verb: string, resource: string, namespace?: string, group = ''): Promise<boolean> {
  const [plain, subresource] = resource.split('/');
  const { status } = await authorization.createSubjectAccessReview({
    body: {
      spec: {
        user: `system:serviceaccount:${namespaces.chaos}:scale-runner-chaos-runner`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${namespaces.chaos}`, 'system:authenticated'],
        resourceAttributes: { verb, resource: plain, subresource, namespace, group },
      },
    },
  });
  return status?.allowed === true;
}

describe('the chart on a real control plane', () => {
  beforeAll(async () => {
    namespaces.control = await createNamespace('scale-control');
    namespaces.experiment = await createNamespace('scale-experiment');
    namespaces.chaos = await createNamespace('scale-chaos');
    const store = { 'access-key-id': 'scale', 'secret-access-key': 'scale-secret-key' };
    for (const namespace of Object.values(namespaces)) await secret(namespace, 'scale-object-store', store);
    await secret(namespaces.chaos, 'scale-runner-auth', {
      tokens: 'ci:0123456789abcdef0123',
      'webhook-token': 'fedcba9876543210fedc',
    });
    for (const group of ['control', 'experiment'] as const) {
      await secret(namespaces.chaos, `scale-${group}-database`, {
        'database-url': `postgres://scale:secret@scale-${group}-postgres.${namespaces[group]}.svc:5432/scale`,
      });
    }
    for (let index = 0; index < 3; index++) await volume();
    await install('scale-control', namespaces.control, CI_VALUES.control, {});
    await install('scale-experiment', namespaces.experiment, CI_VALUES.experiment, {});
    await install('scale-runner', namespaces.chaos, CI_VALUES.runner, {
      'runner.experimentNamespace': namespaces.experiment,
      'runner.controlNamespace': namespaces.control,
    });
  });

  afterAll(async () => {
    for (const [release, namespace] of [
      ['scale-runner', namespaces.chaos],
      ['scale-experiment', namespaces.experiment],
      ['scale-control', namespaces.control],
    ]) {
      if (namespace) await helm(['uninstall', release, '--namespace', namespace, '--kubeconfig', inject('kubeconfig')]);
    }
    for (const namespace of Object.values(namespaces)) if (namespace) await deleteNamespace(namespace);
    for (const name of volumes) await core.deletePersistentVolume({ name }).catch(() => undefined);
  });

  it('has the API server accept every ServiceMonitor, PrometheusRule and the AlertmanagerConfig', async () => {
    const list = async (plural: string, namespace: string, version = 'v1') =>
      (
        (await custom.listNamespacedCustomObject({ group: 'monitoring.coreos.com', version, namespace, plural })) as {
          items: Array<{ metadata: { name: string } }>;
        }
      ).items.map((item) => item.metadata.name);
    expect((await list('servicemonitors', namespaces.control)).sort()).toEqual([
      'scale-control-api',
      'scale-control-extractor',
    ]);
    expect(await list('servicemonitors', namespaces.chaos)).toEqual(['scale-runner-chaos-runner']);
    // One PrometheusRule per rule file the chart carries.
    expect(await list('prometheusrules', namespaces.chaos)).toHaveLength(
      readdirSync(join(CHART, 'files', 'rules')).length,
    );
    expect(await list('alertmanagerconfigs', namespaces.chaos, 'v1alpha1')).toEqual(['scale-runner']);
  });

  it('runs each group’s API and extractor, one replica per zone, each pod knowing its node’s zone', async () => {
    for (const group of ['control', 'experiment'] as const) {
      for (const component of PIPELINE_COMPONENTS) {
        const found = await eventually(
          `${group} ${component} Running`,
          () => allRunning(namespaces[group], component, 3),
          RUNNING_TIMEOUT_MS,
        );
        const zones = found.map((pod) => pod.metadata?.labels?.['topology.kubernetes.io/zone']);
        expect(zones.sort(), `${group} ${component}`).toEqual(ZONES);
        for (const pod of found) {
          expect(pod.metadata?.labels?.['scale.dev/group']).toBe(group);
          expect(await zoneOfNode(pod.spec?.nodeName ?? '')).toBe(
            pod.metadata?.labels?.['topology.kubernetes.io/zone'],
          );
        }
      }
      await eventually(
        `${group} Postgres Running`,
        () => allRunning(namespaces[group], 'database', 1),
        RUNNING_TIMEOUT_MS,
      );
    }
    await eventually('the runner Running', () => allRunning(namespaces.chaos, 'chaos-runner', 1), RUNNING_TIMEOUT_MS);
  });

  it('lets the runner fault the experiment group, and only read the control group', async () => {
    const { experiment, control } = namespaces;
    expect(await runnerMay('delete', 'pods', experiment)).toBe(true);
    expect(await runnerMay('create', 'pods/exec', experiment)).toBe(true);
    expect(await runnerMay('create', 'pods/eviction', experiment)).toBe(true);
    expect(await runnerMay('patch', 'deployments', experiment, 'apps')).toBe(true);
    expect(await runnerMay('list', 'pods', control)).toBe(true);
    expect(await runnerMay('delete', 'pods', control)).toBe(false);
    expect(await runnerMay('create', 'pods/exec', control)).toBe(false);
    expect(await runnerMay('create', 'pods/eviction', control)).toBe(false);
    expect(await runnerMay('patch', 'deployments', control, 'apps')).toBe(false);
    expect(await runnerMay('delete', 'pods', namespaces.chaos)).toBe(false);
    expect(await runnerMay('list', 'nodes')).toBe(true);
    expect(await runnerMay('patch', 'nodes')).toBe(false);
  });

  it('lets the runner cordon nodes only once upgraded to the nodes zone mode', async () => {
    const upgrade = (zoneMode: string) =>
      helm([
        'upgrade',
        'scale-runner',
        CHART,
        '--namespace',
        namespaces.chaos,
        '--kubeconfig',
        inject('kubeconfig'),
        '--reuse-values',
        '--set',
        `runner.zoneMode=${zoneMode}`,
      ]);
    expect((await upgrade('nodes')).code).toBe(0);
    expect(await runnerMay('patch', 'nodes')).toBe(true);
    expect(await runnerMay('list', 'pods')).toBe(true);
    expect((await upgrade('namespace')).code).toBe(0);
    expect(await runnerMay('patch', 'nodes')).toBe(false);
  });

  it('reschedules a replica out of a cordoned zone rather than leaving it Pending', async () => {
    const namespace = namespaces.experiment;
    const zoneNodes = (await core.listNode({ labelSelector: 'topology.kubernetes.io/zone=zone-a' })).items.map(
      (node) => node.metadata?.name ?? '',
    );
    const cordon = (unschedulable: boolean) =>
      Promise.all(
        zoneNodes.map((name) =>
          core.patchNode(
            { name, body: { spec: { unschedulable } } },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          ),
        ),
      );
    await cordon(true);
    try {
      const [victim] = (await pods(namespace, 'api')).filter(
        (pod) => pod.metadata?.labels?.['topology.kubernetes.io/zone'] === 'zone-a',
      );
      expect(victim).toBeDefined();
      await core.deleteNamespacedPod({ namespace, name: victim.metadata?.name ?? '', gracePeriodSeconds: 0 });
      // The cordon taints zone-a's nodes; with the chart's nodeTaintsPolicy: Honor the spread ignores them,
      // where the default (Ignore) would count the emptied zone and leave the replacement Pending.
      const moved = await eventually(
        'a replacement Running outside zone-a',
        async () => {
          const found = await allRunning(namespace, 'api', 3);
          return found.every((pod) => pod.metadata?.name !== victim.metadata?.name) ? found : undefined;
        },
        RUNNING_TIMEOUT_MS,
      );
      expect(moved.filter((pod) => pod.metadata?.labels?.['topology.kubernetes.io/zone'] === 'zone-a')).toEqual([]);
    } finally {
      await cordon(false);
    }
  });

  it('rolls a Deployment out of a zone its node affinity excludes', async () => {
    const namespace = namespaces.experiment;
    const name = 'scale-experiment-extractor';
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['zone-b'] }] },
          ],
        },
      },
    };
    await apps.patchNamespacedDeployment(
      { name, namespace, body: { spec: { template: { spec: { affinity } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const moved = await eventually(
      'every extractor Running outside zone-b',
      async () => {
        const found = await allRunning(namespace, 'extractor', 3);
        return found.every((pod) => pod.spec?.affinity?.nodeAffinity !== undefined) ? found : undefined;
      },
      RUNNING_TIMEOUT_MS,
    );
    const zones = new Set(moved.map((pod) => pod.metadata?.labels?.['topology.kubernetes.io/zone']));
    expect([...zones].sort()).toEqual(['zone-a', 'zone-c']);
  });
});
