import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { findFreePort } from '@scale/embedded-servers';
import { startExporters, startMonitoring, TCP_CONNECT_MODULE } from '@scale/monitoring-stack';
import { eventually } from '../support/extractor';
import { query, type Sample } from '../support/monitoring';

const CLUSTER = { group: 'cluster', zone: 'local' };

async function listen(): Promise<{ address: string; server: Server }> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const labelsOf = (samples: Sample[]) =>
  samples
    .map(({ metric, value }): Record<string, string> => ({ ...metric, value: value[1] }))
    .sort((a, b) => (a.instance < b.instance ? -1 : 1));

describe('the node and blackbox exporters', () => {
  it("describe the machine, and probe each address with the probed service's place on the probe's series and the exporter's on up", async () => {
    const dataDir = await mkdtemp(join(inject('scratchDir'), 'exporters-'));
    const [monitoring, exporters] = await Promise.all([
      startMonitoring({ dataDir, scrapeIntervalSeconds: 1, evaluationIntervalSeconds: 1 }),
      startExporters({ dataDir }),
    ]);
    onTestFinished(async () => {
      await Promise.all([monitoring.stop(), exporters.stop()]);
    });
    const open = await listen();
    onTestFinished(() => new Promise<void>((resolve) => open.server.close(() => resolve())));
    const closed = `127.0.0.1:${await findFreePort('127.0.0.1')}`;

    await monitoring.setTargets(
      [{ address: exporters.nodeExporterAddress, labels: { service: 'node-exporter', ...CLUSTER, instance: 'node' } }],
      {
        exporter: { address: exporters.blackboxExporterAddress, labels: { service: 'blackbox-exporter', ...CLUSTER } },
        module: TCP_CONNECT_MODULE,
        targets: [
          { address: open.address, labels: { service: 'postgres', group: 'control', zone: 'a', instance: 'open' } },
          { address: closed, labels: { service: 'postgres', group: 'experiment', zone: 'b', instance: 'closed' } },
        ],
      },
    );

    const prometheus = monitoring.prometheusUrl;
    await eventually(
      'both probes and the node exporter scraped',
      async () => {
        return (
          (await query(prometheus, 'probe_success')).length === 2 &&
          (await query(prometheus, 'node_timex_sync_status')).length === 1
        );
      },
      30_000,
      250,
    );

    expect(labelsOf(await query(prometheus, 'probe_success'))).toEqual([
      {
        __name__: 'probe_success',
        job: 'blackbox',
        instance: 'closed',
        service: 'postgres',
        group: 'experiment',
        zone: 'b',
        value: '0',
      },
      {
        __name__: 'probe_success',
        job: 'blackbox',
        instance: 'open',
        service: 'postgres',
        group: 'control',
        zone: 'a',
        value: '1',
      },
    ]);
    const connectTime = await query(prometheus, 'probe_duration_seconds{instance="open"}');
    expect(Number(connectTime[0].value[1])).toBeGreaterThan(0);
    expect(Number(connectTime[0].value[1])).toBeLessThan(5);
    // The probes' up is the exporter's answer: it keeps the exporter's place, so an app group's zone has no
    // target up just because its probes are scraped.
    const probeUps = labelsOf(await query(prometheus, 'up{job="blackbox"}'));
    expect(probeUps.map(({ service, group, zone, value }) => ({ service, group, zone, value }))).toEqual([
      { service: 'blackbox-exporter', ...CLUSTER, value: '1' },
      { service: 'blackbox-exporter', ...CLUSTER, value: '1' },
    ]);

    for (const metric of [
      'node_cpu_seconds_total',
      'node_load1',
      'node_memory_MemAvailable_bytes',
      'node_disk_written_bytes_total',
      'node_filesystem_avail_bytes',
      'node_network_receive_errs_total',
      'node_filefd_allocated',
      'node_timex_offset_seconds',
    ]) {
      const found = await query(prometheus, `${metric}{service="node-exporter", group="cluster", zone="local"}`);
      expect(found.length, metric).toBeGreaterThan(0);
    }
    // Loopback carries every connection between the local services, so it is kept.
    expect(await query(prometheus, 'node_network_receive_bytes_total{device="lo"}')).toHaveLength(1);
  });
});
