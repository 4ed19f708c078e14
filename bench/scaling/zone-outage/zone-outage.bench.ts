import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PolicyV1Api,
  type V1Deployment,
  type V1Node,
  type V1Pod,
} from '@kubernetes/client-node';
import { createKwokNodes, startControlPlane } from '@scale/embedded-servers';
import { KubernetesDriver } from '../../../apps/chaos-runner/src/drivers/kubernetes/kubernetes-driver';
import { kubeContext } from '../../../apps/chaos-runner/src/drivers/kubernetes/kube-context';
import { runBenchProgram, type Run } from '../../common/run';
import { count, elapsed } from '../../common/progress';
import { allServing, rolledOut, serving as isServing } from './cluster-state';
import { countEvictions } from './eviction-count';
import { ObjectWatch } from './object-watch';
import { parseZoneOutageOptions, USAGE, type ZoneOutageOptions } from './options';
import { outageRound, type RoundTimes, type Watched, type ZoneMode } from './outage-round';
import { zoneOutageReport } from './report';
import { COMPONENTS, createGroup, type Clients, type GroupSpec } from './workloads';

/*
 * A zone outage at the scale of a few hundred nodes and a thousand pods, on a real control plane
 * whose nodes are KWOK's: how long the runner's Kubernetes driver takes to cordon or patch, evict,
 * and see the group serving again elsewhere, and to revert, in both zone modes.
 */

const ZONES = ['zone-a', 'zone-b', 'zone-c'];
/** The experiment group's own node pool, in zones no other pod uses: what the `nodes` mode requires. */
const POOL_ZONES = ['pool-a', 'pool-b', 'pool-c'];
const POOL = { key: 'scale.dev/pool', value: 'experiment' };
const NAMESPACES = { control: 'scale-control', experiment: 'scale-experiment', pool: 'scale-experiment-pool' };

export interface ZoneOutageResult {
  readonly nodes: number;
  readonly pods: number;
  readonly controlPlaneStartSeconds: number;
  readonly nodesReadySeconds: number;
  readonly podsServingSeconds: number;
  readonly maxUnavailable: number | string;
  readonly rounds: Readonly<Record<ZoneMode, readonly RoundTimes[]>>;
  /** How long the `nodes` mode's check took to refuse a zone the control group shares, and its message. */
  readonly sharedZoneRefusal: { readonly seconds: number; readonly message: string };
  readonly loadAverage: number;
}

async function bench(options: ZoneOutageOptions, run: Run): Promise<ZoneOutageResult> {
  const { progress } = run;
  const loadAverage = loadavg()[0];
  const dataDir = await mkdtemp(join(tmpdir(), 'scale-zone-outage-'));
  run.cleanUp.add(() => rm(dataDir, { recursive: true, force: true }));
  const nodeCount = ZONES.length * options.nodesPerZone + POOL_ZONES.length * options.poolNodes;
  progress.say(`starting a control plane with ${ZONES.length} × ${options.nodesPerZone} KWOK nodes`);
  let started = performance.now();
  const plane = await progress.during(
    () => `control plane and nodes · ${elapsed(started)}`,
    startControlPlane({ dataDir, zones: ZONES, nodesPerZone: options.nodesPerZone }),
  );
  run.cleanUp.add(() => plane.stop());
  const controlPlaneStartSeconds = (performance.now() - started) / 1000;

  progress.say(`adding the experiment group's pool: ${POOL_ZONES.length} × ${options.poolNodes} tainted nodes`);
  started = performance.now();
  await createKwokNodes(
    plane.kubeconfigPath,
    POOL_ZONES.flatMap((zone) =>
      Array.from({ length: options.poolNodes }, (_, index) => ({
        name: `kwok-${zone}-${index + 1}`,
        zone,
        labels: { [POOL.key]: POOL.value },
        taints: [{ ...POOL, effect: 'NoSchedule' }],
      })),
    ),
  );
  const nodesReadySeconds = (performance.now() - started) / 1000;

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(plane.kubeconfigPath);
  const clients: Clients = {
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    policy: kubeConfig.makeApiClient(PolicyV1Api),
  };
  const groups: GroupSpec[] = [
    {
      namespace: NAMESPACES.control,
      group: 'control',
      replicas: options.replicas,
      maxUnavailable: options.maxUnavailable,
    },
    {
      namespace: NAMESPACES.experiment,
      group: 'experiment',
      replicas: options.replicas,
      maxUnavailable: options.maxUnavailable,
    },
    {
      namespace: NAMESPACES.pool,
      group: 'experiment',
      replicas: options.poolReplicas,
      maxUnavailable: options.maxUnavailable,
      placement: { nodeSelector: { [POOL.key]: POOL.value }, tolerations: [{ ...POOL, effect: 'NoSchedule' }] },
    },
  ];
  const wanted = (spec: GroupSpec) => spec.replicas * 2;
  const totalPods = groups.reduce((total, spec) => total + wanted(spec), 0);
  const watches = await Promise.all(
    groups.map((spec) => ObjectWatch.start<V1Pod>(kubeConfig, `/api/v1/namespaces/${spec.namespace}/pods`)),
  );
  const nodes = await ObjectWatch.start<V1Node>(kubeConfig, '/api/v1/nodes');
  const deployments = await Promise.all(
    groups.map((spec) =>
      ObjectWatch.start<V1Deployment>(kubeConfig, `/apis/apps/v1/namespaces/${spec.namespace}/deployments`),
    ),
  );
  run.cleanUp.add(async () => {
    for (const watch of [...watches, nodes, ...deployments]) watch.stop();
  });

  progress.say(`creating ${count(totalPods)} pods in ${groups.length} namespaces`);
  started = performance.now();
  for (const spec of groups) await createGroup(clients, spec);
  const serving = () =>
    watches.reduce((total, watch) => total + [...watch.objects.values()].filter(isServing).length, 0);
  await progress.during(
    () => `${count(serving())} / ${count(totalPods)} pods serving · ${elapsed(started)}`,
    Promise.all(watches.map((watch, at) => watch.when('pods serving', (all) => allServing(all, wanted(groups[at]))))),
  );
  const podsServingSeconds = (performance.now() - started) / 1000;

  const driver = (mode: ZoneMode, experiment: string) => {
    const context = kubeContext(kubeConfig, { experiment, control: NAMESPACES.control });
    const evictions = countEvictions(context);
    const kubernetes = new KubernetesDriver({
      context,
      zoneMode: mode,
      cluster: {
        prometheusUrl: '',
        alertmanagerUrl: '',
        bucket: '',
        groups: { control: { databaseUrl: '' }, experiment: { databaseUrl: '' } },
      },
    });
    return { kubernetes, evictions };
  };
  const sharedZoneRefusal = await refusal(driver('nodes', NAMESPACES.experiment).kubernetes, ZONES[0]);

  const rounds: Record<ZoneMode, RoundTimes[]> = { namespace: [], nodes: [] };
  const layouts = [
    { mode: 'namespace', group: 1, zones: ZONES },
    { mode: 'nodes', group: 2, zones: POOL_ZONES },
  ] as const;
  for (const { mode, group, zones } of layouts) {
    const modeDriver = driver(mode, groups[group].namespace);
    const watched: Watched = {
      pods: watches[group],
      deployments: deployments[group],
      nodes,
      controlPods: watches[0],
      evictions: modeDriver.evictions,
    };
    for (let round = 0; round < options.rounds; round++) {
      const zone = zones[round % zones.length];
      progress.say(`${mode} mode, round ${round + 1} of ${options.rounds}: ${zone} down, then up`);
      const roundStarted = performance.now();
      rounds[mode].push(
        await progress.during(
          () => `${mode} mode · ${zone} · ${elapsed(roundStarted)}`,
          outageRound(modeDriver.kubernetes, watched, mode, zone, wanted(groups[group])),
        ),
      );
      // Uncordoning moves no pod back: restart the group so each round starts spread over every zone.
      if (mode === 'nodes') await respread(clients, watched, groups[group], wanted(groups[group]));
    }
  }
  return {
    nodes: nodeCount,
    pods: totalPods,
    controlPlaneStartSeconds,
    nodesReadySeconds,
    podsServingSeconds,
    maxUnavailable: options.maxUnavailable,
    rounds,
    sharedZoneRefusal,
    loadAverage,
  };
}

/** Rolls the group's Deployments out again (as `kubectl rollout restart`) and waits until it settles. */
async function respread(clients: Clients, watched: Watched, spec: GroupSpec, wanted: number): Promise<void> {
  const restartedAt = new Date().toISOString();
  for (const component of COMPONENTS) {
    await clients.apps.patchNamespacedDeployment({
      name: `${spec.group}-${component}`,
      namespace: spec.namespace,
      body: [
        { op: 'add', path: '/spec/template/metadata/annotations', value: { 'scale.dev/restarted-at': restartedAt } },
      ],
    });
  }
  await watched.deployments.when('respread rolled out', (all) =>
    [...all.values()].every(
      (deployment) => deployment.spec?.template.metadata?.annotations?.['scale.dev/restarted-at'] === restartedAt,
    ),
  );
  const deadline = performance.now() + 300_000;
  while (!(rolledOut(watched.deployments.objects) && allServing(watched.pods.objects, wanted))) {
    if (performance.now() > deadline) throw new Error('the group did not settle after its restart within 300 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The `nodes` mode asked for a zone whose nodes the control group shares: it must refuse. */
async function refusal(driver: KubernetesDriver, zone: string): Promise<{ seconds: number; message: string }> {
  const started = performance.now();
  try {
    await driver.checkZoneOutage('experiment', zone);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { seconds: (performance.now() - started) / 1000, message: message.slice(0, 160) };
  }
  throw new Error(`the nodes mode accepted ${zone}, whose nodes the control group shares`);
}

runBenchProgram<ZoneOutageOptions, ZoneOutageResult>({
  name: 'bench:kubernetes',
  usage: USAGE,
  parse: parseZoneOutageOptions,
  bench,
  report: (result, options) => ({
    text: options.json ? JSON.stringify(result) : zoneOutageReport(result),
    code: 0,
  }),
});
