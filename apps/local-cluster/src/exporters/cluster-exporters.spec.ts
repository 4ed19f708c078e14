import { describe, expect, it } from 'vitest';
import { renderProbesFile } from '@scale/monitoring-stack';
import { planReplicas } from '../replicas/replica-plan';
import { clusterProbes, nodeExporterTarget } from './cluster-exporters';

const exporters = { nodeExporterAddress: '127.0.0.1:9100', blackboxExporterAddress: '127.0.0.1:9115' };
const specs = planReplicas(['a', 'b'], [4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008]);
const databaseUrls = {
  control: 'postgres://scale@127.0.0.1:6001/scale_control',
  experiment: 'postgres://scale@127.0.0.1:6002/scale_experiment',
};

describe('the cluster exporters', () => {
  it('scrape the node exporter once, as the cluster', () => {
    expect(nodeExporterTarget(exporters)).toEqual({
      address: '127.0.0.1:9100',
      labels: { service: 'node-exporter', group: 'cluster', zone: 'local', instance: 'local-node' },
    });
  });

  it("probe each group's Postgres where its services reach it by an exchange it must answer, and every API replica by a connect, with the probed service's place", () => {
    const probes = clusterProbes(exporters, specs, databaseUrls);
    expect(probes.exporter.address).toBe('127.0.0.1:9115');
    expect(probes.module).toBe('tcp_connect');
    const apis = specs.filter((spec) => spec.role === 'api');
    expect(apis).toHaveLength(4);
    expect(probes.targets).toEqual([
      {
        address: '127.0.0.1:6001',
        labels: { service: 'postgres', group: 'control', zone: 'local', instance: 'postgres-control' },
        module: 'postgres_answer',
      },
      {
        address: '127.0.0.1:6002',
        labels: { service: 'postgres', group: 'experiment', zone: 'local', instance: 'postgres-experiment' },
        module: 'postgres_answer',
      },
      ...apis.map((spec) => ({
        address: `127.0.0.1:${spec.port}`,
        labels: { service: 'scale-api', group: spec.group, zone: spec.zone, instance: spec.id },
      })),
    ]);
    // What Prometheus is given is valid: distinct instances, addresses host:port.
    expect(JSON.parse(renderProbesFile(probes))).toHaveLength(6);
  });

  it("probe Postgres's default port when the URL names none, one probe per group on a shared server", () => {
    const shared = 'postgres://scale@127.0.0.1/scale';
    const probes = clusterProbes(exporters, specs, { control: shared, experiment: shared });
    expect(probes.targets.slice(0, 2).map((target) => target.address)).toEqual(['127.0.0.1:5432', '127.0.0.1:5432']);
    expect(JSON.parse(renderProbesFile(probes))).toHaveLength(6);
  });
});
