import { beforeAll, describe, expect, it } from 'vitest';
import { CI_VALUES, type Manifest, named, ofKind, type PolicyRule, renderChart } from '../helm/chart';

interface Container {
  name: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  startupProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    securityContext: Record<string, unknown>;
    terminationGracePeriodSeconds: number;
    topologySpreadConstraints?: Array<Record<string, unknown>>;
    containers: Container[];
    volumes?: Array<{ name: string; emptyDir?: unknown }>;
  };
}

const template = (workload: Manifest) => (workload.spec as { template: PodTemplate }).template;
const env = (container: Container, name: string) => container.env?.find((entry) => entry.name === name);
const rulesOf = (manifest: Manifest): PolicyRule[] => manifest.rules ?? [];

const PIPELINE = [
  { deployment: 'scale-control-api', name: 'scale-api', component: 'api', port: 3000 },
  { deployment: 'scale-control-extractor', name: 'scale-extractor', component: 'extractor', port: 3001 },
];

describe('the pipeline release', () => {
  let control: Manifest[];

  beforeAll(async () => {
    control = await renderChart('scale-control', 'scale-control', [CI_VALUES.control]);
  });

  it.each(PIPELINE)(
    '$deployment runs non-root on a read-only root with /tmp writable, probed, bounded and labelled',
    ({ deployment, name, component, port }) => {
      const workload = named(control, 'Deployment', deployment);
      expect((workload.spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(2);
      const pod = template(workload);
      expect(pod.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': 'scale-control',
        'app.kubernetes.io/component': component,
        'app.kubernetes.io/part-of': 'scale',
        'app.kubernetes.io/version': '0.1.0',
        'app.kubernetes.io/managed-by': 'Helm',
        'scale.dev/group': 'control',
      });
      expect(pod.spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      const [container] = pod.spec.containers;
      expect(pod.spec.containers).toHaveLength(1);
      expect(container.name).toBe(component);
      expect(container.securityContext).toEqual({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(pod.spec.volumes?.find((volume) => volume.name === 'tmp')?.emptyDir).toBeDefined();
      expect(container.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
      expect(container.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(container.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(pod.spec.terminationGracePeriodSeconds).toBe(15);
      expect(pod.spec.topologySpreadConstraints).toEqual([
        expect.objectContaining({
          topologyKey: 'topology.kubernetes.io/zone',
          maxSkew: 1,
          whenUnsatisfiable: 'DoNotSchedule',
          nodeTaintsPolicy: 'Honor',
          nodeAffinityPolicy: 'Honor',
          labelSelector: {
            matchLabels: {
              'app.kubernetes.io/name': name,
              'app.kubernetes.io/instance': 'scale-control',
              'app.kubernetes.io/component': component,
            },
          },
        }),
      ]);
    },
  );

  it.each(PIPELINE)('$deployment knows its group, zone and pod on metrics and traces', ({ deployment }) => {
    const [container] = template(named(control, 'Deployment', deployment)).spec.containers;
    expect(env(container, 'SCALE_GROUP')?.value).toBe('control');
    expect(env(container, 'SCALE_ZONE')?.valueFrom?.fieldRef?.fieldPath).toBe(
      "metadata.labels['topology.kubernetes.io/zone']",
    );
    const attributes = env(container, 'OTEL_RESOURCE_ATTRIBUTES')?.value ?? '';
    const byKey = Object.fromEntries(attributes.split(',').map((pair) => pair.split('=')));
    expect(byKey).toEqual({
      'k8s.pod.name': '$(POD_NAME)',
      'k8s.namespace.name': '$(POD_NAMESPACE)',
      'k8s.node.name': '$(NODE_NAME)',
    });
    // $(VAR) expands only variables declared before it.
    const order = container.env?.map((entry) => entry.name) ?? [];
    for (const name of ['POD_NAME', 'POD_NAMESPACE', 'NODE_NAME']) {
      expect(order.indexOf(name)).toBeLessThan(order.indexOf('OTEL_RESOURCE_ATTRIBUTES'));
    }
    expect(env(container, 'DATABASE_URL')).toBeDefined();
    expect(env(container, 'S3_ENDPOINT')?.value).toBe('http://s3.scale-storage.svc:9000');
  });

  it('gives each program a Service, a PodDisruptionBudget and a ServiceMonitor labelling targets as the rules expect', () => {
    for (const { deployment } of PIPELINE) {
      named(control, 'Service', deployment);
      expect(named(control, 'PodDisruptionBudget', deployment).spec).toMatchObject({ maxUnavailable: 1 });
      const monitor = named(control, 'ServiceMonitor', deployment);
      expect(monitor.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
      const [endpoint] = (monitor.spec as { endpoints: Array<{ relabelings: Array<Record<string, unknown>> }> })
        .endpoints;
      const targets = Object.fromEntries(endpoint.relabelings.map((rule) => [rule.targetLabel, rule]));
      expect(targets.service.sourceLabels).toEqual(['__meta_kubernetes_pod_label_app_kubernetes_io_name']);
      expect(targets.group.replacement).toBe('control');
      expect(targets.zone.sourceLabels).toEqual(['__meta_kubernetes_pod_label_topology_kubernetes_io_zone']);
      expect(targets.instance.sourceLabels).toEqual(['__meta_kubernetes_pod_name']);
    }
  });

  it('runs its own Postgres by default, and none when the database is external', async () => {
    const postgres = template(named(control, 'StatefulSet', 'scale-control-postgres'));
    expect(postgres.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'scale-postgres',
      'app.kubernetes.io/component': 'database',
    });
    expect(postgres.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
    expect(postgres.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true });
    const external = await renderChart('scale-control', 'scale-control', [CI_VALUES.control], {
      'database.external.existingSecret': 'catalog',
    });
    expect(ofKind(external, 'StatefulSet')).toEqual([]);
    const [api] = template(named(external, 'Deployment', 'scale-control-api')).spec.containers;
    expect(env(api, 'DATABASE_URL')).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'catalog', key: 'database-url' } },
    });
  });

  it('makes no runner, no RBAC and no cluster-wide object', () => {
    for (const kind of ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']) {
      expect(ofKind(control, kind)).toEqual([]);
    }
  });
});

describe('the runner release', () => {
  let runner: Manifest[];

  beforeAll(async () => {
    runner = await renderChart('scale-runner', 'scale-chaos', [CI_VALUES.runner]);
  });

  it('runs no pipeline, and one runner on the Kubernetes driver with the namespaces it may touch', () => {
    expect(ofKind(runner, 'Deployment').map((deployment) => deployment.metadata.name)).toEqual([
      'scale-runner-chaos-runner',
    ]);
    const pod = template(named(runner, 'Deployment', 'scale-runner-chaos-runner'));
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'scale-chaos-runner',
      'app.kubernetes.io/component': 'chaos-runner',
    });
    const [container] = pod.spec.containers;
    expect(container.name).toBe('chaos-runner');
    expect(env(container, 'CHAOS_DRIVER')?.value).toBe('kubernetes');
    expect(env(container, 'KUBERNETES_EXPERIMENT_NAMESPACE')?.value).toBe('scale-experiment');
    expect(env(container, 'KUBERNETES_CONTROL_NAMESPACE')?.value).toBe('scale-control');
    expect(env(container, 'KUBERNETES_ZONE_MODE')?.value).toBe('namespace');
    for (const name of ['RUNNER_TOKENS', 'RUNNER_WEBHOOK_TOKEN', 'CONTROL_DATABASE_URL', 'EXPERIMENT_DATABASE_URL']) {
      expect(env(container, name)?.valueFrom, name).toHaveProperty('secretKeyRef');
    }
    expect(pod.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true });
  });

  it('may change the experiment namespace’s pods and Deployments, only read the control namespace’s pods', () => {
    const roles = ofKind(runner, 'Role');
    const experiment = roles.find((role) => role.metadata.namespace === 'scale-experiment');
    const control = roles.find((role) => role.metadata.namespace === 'scale-control');
    expect(roles).toHaveLength(2);
    expect(rulesOf(experiment as Manifest)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'patch'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['services/proxy'], verbs: ['get', 'create', 'delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'patch'] },
    ]);
    expect(rulesOf(control as Manifest)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    const bindings = ofKind(runner, 'RoleBinding');
    expect(bindings.map((binding) => binding.metadata.namespace).sort()).toEqual(['scale-control', 'scale-experiment']);
    for (const binding of bindings) {
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'scale-runner-chaos-runner', namespace: 'scale-chaos' },
      ]);
    }
  });

  it('reads nodes cluster-wide, and patches them only in the nodes zone mode', async () => {
    const [namespaceMode] = ofKind(runner, 'ClusterRole');
    expect(ofKind(runner, 'ClusterRole')).toHaveLength(1);
    expect(rulesOf(namespaceMode)).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]);
    const nodes = await renderChart('scale-runner', 'scale-chaos', [CI_VALUES.runner], { 'runner.zoneMode': 'nodes' });
    expect(ofKind(nodes, 'ClusterRole')).toHaveLength(1);
    expect(rulesOf(ofKind(nodes, 'ClusterRole')[0])).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'patch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    ]);
  });
});
