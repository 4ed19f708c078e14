import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningLocalCluster } from '../../apps/local-cluster/src/cluster-options';
import type { DatabaseLinkView } from '../../apps/local-cluster/src/network/database-links';
import { eventually } from '../support/extractor';
import { ControlClient, startTestCluster } from '../support/local-cluster';
import { activeTargets, query } from '../support/monitoring';

const REPLICAS = ['a', 'b'].flatMap((zone) =>
  ['control', 'experiment'].flatMap((group) => ['api', 'extractor'].map((role) => `${group}-${role}-${zone}`)),
);
const APIS = REPLICAS.filter((id) => id.includes('-api-'));
/** The replicas' series; the cluster's own process reports its IO too. */
const REPLICA_SERIES = '{service=~"scale-api|scale-extractor"}';

const labelsOf = (samples: Awaited<ReturnType<typeof query>>) =>
  samples.map(({ metric }) => `${metric.service} ${metric.group} ${metric.zone} ${metric.instance}`).sort();

// The machine's signals on the local stack: the node exporter scraped as the cluster's, TCP probes of each
// group's database and API replicas, and every replica's own storage IO.
describe('the local cluster exporters', () => {
  let cluster: RunningLocalCluster;

  beforeAll(async () => {
    cluster = await startTestCluster({
      adminDatabaseUrl: inject('adminDatabaseUrl'),
      s3Endpoint: inject('s3Endpoint'),
      scratchDir: inject('scratchDir'),
    });
  });
  afterAll(() => cluster?.stop());

  it("scrapes the node exporter once, as the cluster's, and the clock, disks and interfaces it describes", async () => {
    const prometheus = cluster.info.prometheusUrl;
    await eventually(
      'the node exporter scraped',
      async () => (await query(prometheus, 'node_timex_sync_status')).length > 0,
      30_000,
      250,
    );
    expect(labelsOf(await query(prometheus, 'up{service="node-exporter"} == 1'))).toEqual([
      'node-exporter cluster local local-node',
    ]);
    expect((await query(prometheus, 'node_filesystem_avail_bytes{mountpoint="/"}')).length).toBe(1);
    expect((await query(prometheus, 'node_network_receive_bytes_total{device="lo"}')).length).toBe(1);
  });

  it("probes each group's Postgres where its services connect and every API replica, each probe in the probed service's place", async () => {
    const prometheus = cluster.info.prometheusUrl;
    await eventually(
      'every probe answered',
      async () => (await query(prometheus, 'probe_success == 1')).length === 6,
      30_000,
      250,
    );
    expect(labelsOf(await query(prometheus, 'probe_success == 1'))).toEqual(
      [
        'postgres control local postgres-control',
        'postgres experiment local postgres-experiment',
        ...APIS.map((id) => `scale-api ${id.split('-')[0]} ${id.split('-')[2]} ${id}`),
      ].sort(),
    );
    // Through the group's fault proxy when the cluster has one: the address its services use.
    const links = (await new ControlClient(cluster.controlUrl).get<DatabaseLinkView[]>('/network-faults')).body;
    const probed = new Map(
      (await activeTargets(prometheus))
        .filter((target) => target.labels.job === 'blackbox')
        .map((target) => [target.labels.instance, new URL(target.scrapeUrl).searchParams.get('target')]),
    );
    for (const link of links) expect(probed.get(`postgres-${link.group}`)).toBe(link.listen ?? link.upstream);
  });

  it('has every replica report its storage IO', async () => {
    const prometheus = cluster.info.prometheusUrl;
    await eventually(
      'every replica scraped',
      async () => (await query(prometheus, `process_io_write_bytes_total${REPLICA_SERIES}`)).length === 8,
      60_000,
      250,
    );
    for (const metric of ['process_io_read_bytes_total', 'process_io_write_bytes_total']) {
      const found = await query(prometheus, `${metric}${REPLICA_SERIES}`);
      expect(found.map((sample) => sample.metric.instance).sort(), metric).toEqual([...REPLICAS].sort());
      for (const sample of found) expect(Number(sample.value[1])).toBeGreaterThanOrEqual(0);
    }
  });
});
