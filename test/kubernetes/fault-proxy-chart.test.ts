import { beforeAll, describe, expect, it } from 'vitest';
import { CI_VALUES, type Manifest, named, renderChart } from '../helm/chart';

interface Env {
  name: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
const containersOf = (workload: Manifest) =>
  (workload.spec as { template: { spec: { containers: Array<{ name: string; env?: Env[]; args?: string[] }> } } })
    .template.spec.containers;
const databaseKey = (workload: Manifest) =>
  containersOf(workload)[0].env?.find((entry) => entry.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;

// The fault proxy as an optional chart component: rendered only when asked for, in front of the release's
// own Postgres, with the pipeline's database URL pointed through it; the other group's release unchanged.
describe('chart: the optional fault proxy in front of the database', () => {
  let plain: Manifest[];
  let proxied: Manifest[];

  beforeAll(async () => {
    plain = await renderChart('scale-control', 'scale-control', [CI_VALUES.control]);
    proxied = await renderChart('scale-experiment', 'scale-experiment', [CI_VALUES.experiment], {
      'faultProxy.enabled': true,
    });
  });

  it('renders no proxy unless faultProxy.enabled, and then the pipeline reads its URL as before', () => {
    expect(plain.filter((manifest) => manifest.metadata.name.endsWith('-fault-proxy'))).toEqual([]);
    const api = plain.find((manifest) => manifest.kind === 'Deployment' && manifest.metadata.name.endsWith('-api'))!;
    expect(databaseKey(api)?.key).toBe('database-url');
  });

  it('runs Toxiproxy with a proxy to the release Postgres, its API and the proxied port behind one Service', () => {
    const deployment = named(proxied, 'Deployment', 'scale-experiment-fault-proxy');
    expect(containersOf(deployment)[0].args).toEqual([
      '-host',
      '0.0.0.0',
      '-port',
      '8474',
      '-config',
      '/config/toxiproxy.json',
    ]);
    const config = named(proxied, 'ConfigMap', 'scale-experiment-fault-proxy').data as Record<string, string>;
    expect(JSON.parse(config['toxiproxy.json'])).toEqual([
      {
        name: 'postgres',
        listen: '0.0.0.0:5432',
        upstream: 'scale-experiment-postgres.scale-experiment.svc:5432',
        enabled: true,
      },
    ]);
    const service = named(proxied, 'Service', 'scale-experiment-fault-proxy');
    expect(
      (service.spec as { ports: Array<{ name: string; port: number }> }).ports.map((port) => [port.name, port.port]),
    ).toEqual([
      ['api', 8474],
      ['postgres', 5432],
    ]);
  });

  it("points the pipeline's database URL through the proxy, and the proxied URL names the proxy's Service", () => {
    for (const workload of proxied.filter(
      (manifest) => manifest.kind === 'Deployment' && /-(api|extractor)$/.test(manifest.metadata.name),
    )) {
      expect(databaseKey(workload)).toEqual({ name: 'scale-experiment-postgres', key: 'proxied-database-url' });
    }
    const secret = named(proxied, 'Secret', 'scale-experiment-postgres').stringData as Record<string, string>;
    expect(new URL(secret['proxied-database-url']).host).toBe('scale-experiment-fault-proxy.scale-experiment.svc:5432');
    expect(new URL(secret['database-url']).host).toBe('scale-experiment-postgres.scale-experiment.svc:5432');
  });

  it('refuses the proxy in front of an external database, whose address the chart does not know', async () => {
    await expect(
      renderChart('scale-experiment', 'scale-experiment', [CI_VALUES.experiment], {
        'faultProxy.enabled': true,
        'database.external.existingSecret': 'their-database',
      }),
    ).rejects.toThrow(/faultProxy.enabled needs the in-chart Postgres/);
  });
});
