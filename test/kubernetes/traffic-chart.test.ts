import { beforeAll, describe, expect, it } from 'vitest';
import { CI_VALUES, type Manifest, named, renderChart } from '../helm/chart';

interface Container {
  name: string;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
}
interface PodSpec {
  serviceAccountName?: string;
  containers: Container[];
}
const templateOf = (deployment: Manifest) =>
  (deployment.spec as { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } }).template;
const envOf = (deployment: Manifest) =>
  Object.fromEntries((templateOf(deployment).spec.containers[0].env ?? []).map((entry) => [entry.name, entry.value]));

const GROUPS = ['experiment', 'control'] as const;

// The traffic generator and the fault proxy as optional components of a group's release: what the runner's
// driver finds them by (labels, names, keys) and what each may do.
describe('chart: the optional traffic generator of a group', () => {
  const rendered = {} as Record<(typeof GROUPS)[number], Manifest[]>;
  let plain: Manifest[];

  beforeAll(async () => {
    for (const group of GROUPS) {
      rendered[group] = await renderChart(`scale-${group}`, `scale-${group}`, [CI_VALUES[group]], {
        'traffic.enabled': true,
        'traffic.requestsPerSecond': 12,
        'faultProxy.enabled': true,
      });
    }
    plain = await renderChart('scale-control', 'scale-control', [CI_VALUES.control]);
  });

  it('renders no generator unless traffic.enabled, and none in the runner release', async () => {
    expect(plain.filter((manifest) => manifest.metadata.name.endsWith('-traffic-generator'))).toEqual([]);
    const runner = await renderChart('scale-runner', 'scale-chaos', [CI_VALUES.runner], { 'traffic.enabled': true });
    expect(runner.filter((manifest) => manifest.metadata.name.endsWith('-traffic-generator'))).toEqual([]);
  });

  it("loads its own group's API Service at the values' rate, one replica that never runs beside another", () => {
    for (const group of GROUPS) {
      const deployment = named(rendered[group], 'Deployment', `scale-${group}-traffic-generator`);
      const api = named(rendered[group], 'Service', `scale-${group}-api`);
      const port = (api.spec as { ports: Array<{ port: number }> }).ports[0].port;
      expect(envOf(deployment)).toMatchObject({
        TRAFFIC_GROUP: group,
        TRAFFIC_API_URL: `http://scale-${group}-api.scale-${group}.svc:${port}`,
        TRAFFIC_REQUESTS_PER_SECOND: '12',
        TRAFFIC_OBJECTS_PER_SECOND: '0',
        TRAFFIC_CONFIGMAP: `scale-${group}-traffic-generator`,
      });
      expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    }
  });

  it('labels the generator with its group and a component that is not a replica of the pipeline', () => {
    for (const group of GROUPS) {
      for (const kind of ['ConfigMap', 'Deployment']) {
        expect(named(rendered[group], kind, `scale-${group}-traffic-generator`).metadata.labels).toMatchObject({
          'app.kubernetes.io/part-of': 'scale',
          'app.kubernetes.io/component': 'traffic-generator',
          'scale.dev/group': group,
        });
      }
      const labels = templateOf(named(rendered[group], 'Deployment', `scale-${group}-traffic-generator`)).metadata
        .labels;
      expect(labels['app.kubernetes.io/component']).not.toMatch(/^(api|extractor)$/);
    }
  });

  it('leaves the multiplier key to the runner, and lets the generator read only its own ConfigMap', () => {
    const name = 'scale-experiment-traffic-generator';
    expect(named(rendered.experiment, 'ConfigMap', name).data ?? {}).toEqual({});
    expect(named(rendered.experiment, 'Role', name).rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [name], verbs: ['get'] },
    ]);
    expect(templateOf(named(rendered.experiment, 'Deployment', name)).spec.serviceAccountName).toBe(name);
    expect(named(rendered.experiment, 'RoleBinding', name)).toMatchObject({
      roleRef: { kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: 'scale-experiment' }],
    });
  });

  it("labels the fault proxy's Service with its group, which the driver selects on", () => {
    for (const group of GROUPS) {
      expect(named(rendered[group], 'Service', `scale-${group}-fault-proxy`).metadata.labels).toMatchObject({
        'app.kubernetes.io/component': 'fault-proxy',
        'scale.dev/group': group,
      });
    }
  });

  it('refuses a negative rate and an unknown traffic value', async () => {
    await expect(
      renderChart('scale-control', 'scale-control', [CI_VALUES.control], { 'traffic.requestsPerSecond': -1 }),
    ).rejects.toThrow(/requestsPerSecond/);
    await expect(
      renderChart('scale-control', 'scale-control', [CI_VALUES.control], { 'traffic.multiplier': 2 }),
    ).rejects.toThrow(/multiplier/);
  });
});
