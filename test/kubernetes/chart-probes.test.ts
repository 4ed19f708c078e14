import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CI_VALUES, type Manifest, ofKind, renderChart } from '../helm/chart';
import { adminKubeConfig, createNamespace, deleteNamespace, refusalStatus } from './support/cluster';

const custom = adminKubeConfig().makeApiClient(CustomObjectsApi);
const PROBES = { group: 'monitoring.coreos.com', version: 'v1', plural: 'probes' };

interface ProbeSpec {
  jobName: string;
  module: string;
  prober: { url: string; path: string };
  targets: { staticConfig: { static: string[]; labels: Record<string, string> } };
  metricRelabelings: Array<Record<string, unknown>>;
}
const specOf = (probe: Manifest) => probe.spec as unknown as ProbeSpec;
const targetsOf = (probes: readonly Manifest[]) =>
  probes.map((probe) => [probe.metadata.name, specOf(probe).targets.staticConfig.static]);

// The blackbox probes as Prometheus Operator Probes: off by default; when on, of the release's Postgres where
// its pipeline reaches it and of its API Service, labelled as the local stack labels its probes.
describe('chart: TCP connect probes of the database and the API', () => {
  let probes: Manifest[];
  let namespace: string;

  beforeAll(async () => {
    probes = ofKind(
      await renderChart('scale-control', 'scale-control', [CI_VALUES.control], { 'monitoring.probes.enabled': true }),
      'Probe',
    );
    namespace = await createNamespace('chart-probes');
  });
  afterAll(() => deleteNamespace(namespace));

  it('renders no Probe unless monitoring.probes.enabled', async () => {
    expect(ofKind(await renderChart('scale-control', 'scale-control', [CI_VALUES.control]), 'Probe')).toEqual([]);
  });

  it("probes the release's Postgres and API Service through the blackbox exporter's tcp_connect, the probe series in the probed service's group", () => {
    expect(targetsOf(probes)).toEqual([
      ['scale-control-postgres-tcp', ['scale-control-postgres.scale-control.svc:5432']],
      ['scale-control-api-tcp', ['scale-control-api.scale-control.svc:3000']],
    ]);
    for (const probe of probes) {
      const spec = specOf(probe);
      expect(probe.metadata.labels).toMatchObject({
        release: 'kube-prometheus-stack',
        'app.kubernetes.io/part-of': 'scale',
      });
      expect(spec).toMatchObject({
        jobName: 'blackbox',
        module: 'tcp_connect',
        prober: { url: 'prometheus-blackbox-exporter.monitoring.svc:9115', path: '/probe' },
      });
      // up keeps the exporter's place; only the probe's series move to the probed service's.
      expect(spec.targets.staticConfig.labels).toMatchObject({ service: 'blackbox-exporter', probe_group: 'control' });
      expect(spec.metricRelabelings).toEqual([
        { sourceLabels: ['probe_service'], targetLabel: 'service', action: 'replace' },
        { sourceLabels: ['probe_group'], targetLabel: 'group', action: 'replace' },
        { regex: 'probe_(service|group)', action: 'labeldrop' },
      ]);
    }
    expect(probes.map((probe) => specOf(probe).targets.staticConfig.labels.probe_service)).toEqual([
      'postgres',
      'scale-api',
    ]);
  });

  it('probes the fault proxy when the pipeline reaches Postgres through it, and no database it has no address for', async () => {
    const proxied = ofKind(
      await renderChart('scale-experiment', 'scale-experiment', [CI_VALUES.experiment], {
        'monitoring.probes.enabled': true,
        'faultProxy.enabled': true,
      }),
      'Probe',
    );
    expect(targetsOf(proxied)[0]).toEqual([
      'scale-experiment-postgres-tcp',
      ['scale-experiment-fault-proxy.scale-experiment.svc:5432'],
    ]);
    const external = ofKind(
      await renderChart('scale-control', 'scale-control', [CI_VALUES.control], {
        'monitoring.probes.enabled': true,
        'database.external.existingSecret': 'their-database',
      }),
      'Probe',
    );
    expect(targetsOf(external)).toEqual([['scale-control-api-tcp', ['scale-control-api.scale-control.svc:3000']]]);
  });

  it("are accepted by the control plane's Probe CRD as written, field for field", async () => {
    for (const probe of probes) {
      const created = (await custom.createNamespacedCustomObject({
        ...PROBES,
        namespace,
        body: probe,
        fieldValidation: 'Strict',
      })) as Manifest;
      // Nothing pruned: every field the chart writes is one the CRD knows.
      expect(created.spec).toEqual(probe.spec);
    }
    const { items } = (await custom.listNamespacedCustomObject({ ...PROBES, namespace })) as { items: Manifest[] };
    expect(items.map((item) => item.metadata.name).sort()).toEqual(probes.map((probe) => probe.metadata.name).sort());
  });

  it('are refused by the same CRD when a field is wrong, so the acceptance above means something', async () => {
    const [probe] = probes;
    const misspelt = { ...probe, metadata: { name: 'misspelt' }, spec: { ...probe.spec, modules: 'tcp_connect' } };
    expect(
      await refusalStatus(
        custom.createNamespacedCustomObject({ ...PROBES, namespace, body: misspelt, fieldValidation: 'Strict' }),
      ),
    ).toBe(400);
    const badAction = {
      ...probe,
      metadata: { name: 'bad-action' },
      spec: { ...probe.spec, metricRelabelings: [{ regex: 'x', action: 'labeldropp' }] },
    };
    expect(await refusalStatus(custom.createNamespacedCustomObject({ ...PROBES, namespace, body: badAction }))).toBe(
      422,
    );
  });
});
