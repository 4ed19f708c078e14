import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { DEBIAN_BINARIES, requireBinaries } from './binaries';
import type { ExporterBinaries } from './monitoring-options';
import { startServerProcess, type RunningServerProcess } from './server-process';

/** The blackbox exporter's module that opens a TCP connection and closes it: reachability and connect time. */
export const TCP_CONNECT_MODULE = 'tcp_connect';

/**
 * The blackbox exporter's module that has Postgres itself answer: a startup packet whose `replication`
 * parameter is "x" and a newline, which Postgres refuses before any authentication with an ErrorResponse
 * quoting the value, then closes. A proxy in front of it accepts connections by itself, so only an answer
 * from behind it shows that the link carries data, and how fast. The newline ends the line the exporter
 * matches, so it need not wait for the close, which a proxy may turn into a reset. Each probe costs the
 * server one short-lived backend and a FATAL line in its log.
 */
export const POSTGRES_ANSWER_MODULE = 'postgres_answer';

/**
 * The node exporter's collectors an SRE reads a machine by: CPU and load, memory, disk IO and space,
 * network bytes, errors and drops, file descriptors, and the clock's offset and sync state. The rest of
 * its defaults (hwmon, thermal, ...) say little on a shared machine and cost scrape time.
 */
export const NODE_COLLECTORS = ['cpu', 'loadavg', 'meminfo', 'diskstats', 'filesystem', 'netdev', 'filefd', 'timex'];

export interface ExporterOptions {
  /** The blackbox exporter's configuration is written below it. */
  dataDir: string;
  /** Where the programs are; Debian's packages by default (scripts/install-monitoring.sh installs them). */
  binaries?: Partial<ExporterBinaries>;
}

export interface RunningExporters {
  /** `host:port` of the node exporter, whose /metrics describes this machine. */
  readonly nodeExporterAddress: string;
  /** `host:port` of the blackbox exporter, which probes at /probe with TCP_CONNECT_MODULE. */
  readonly blackboxExporterAddress: string;
  /** Stops both and waits until they have exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the node exporter and the blackbox exporter as child processes on free loopback ports; Prometheus
 * scrapes the first as a target and asks the second for probes (`ProbeTargets`).
 */
export async function startExporters(options: ExporterOptions): Promise<RunningExporters> {
  const binaries = { nodeExporter: DEBIAN_BINARIES.nodeExporter, blackboxExporter: DEBIAN_BINARIES.blackboxExporter };
  Object.assign(binaries, options.binaries);
  await requireBinaries(binaries);
  const dir = join(resolve(options.dataDir), 'blackbox-exporter');
  await mkdir(dir, { recursive: true });
  const blackboxConfig = join(dir, 'blackbox.yml');
  await writeFile(blackboxConfig, renderBlackboxConfig());

  const node = await startServerProcess({
    name: 'the node exporter',
    binary: binaries.nodeExporter,
    args: (port) => [
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      '--collector.disable-defaults',
      ...NODE_COLLECTORS.map((collector) => `--collector.${collector}`),
      // Debian leaves out loopback; on the local stack every connection between the services crosses it.
      '--collector.netdev.device-exclude=^$',
    ],
    readyPath: '/metrics',
  });
  let blackbox: RunningServerProcess;
  try {
    blackbox = await startServerProcess({
      name: 'the blackbox exporter',
      binary: binaries.blackboxExporter,
      args: (port) => [`--web.listen-address=127.0.0.1:${port}`, `--config.file=${blackboxConfig}`, '--log.level=warn'],
      readyPath: '/metrics',
    });
  } catch (error) {
    await node.stop();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    nodeExporterAddress: new URL(node.url).host,
    blackboxExporterAddress: new URL(blackbox.url).host,
    stop: () => (stopped ??= Promise.all([node.stop(), blackbox.stop()]).then(() => undefined)),
  };
}

/**
 * The blackbox exporter's modules. A connection that takes longer than the timeout counts as failed; the
 * exporter also stops at the scrape's own timeout, whichever is sooner.
 */
export function renderBlackboxConfig(): string {
  return stringify({
    modules: {
      [TCP_CONNECT_MODULE]: { prober: 'tcp', timeout: '5s' },
      [POSTGRES_ANSWER_MODULE]: {
        prober: 'tcp',
        timeout: '5s',
        tcp: {
          query_response: [
            // Length 24, protocol 3.0, replication=x\n; the exporter sends a newline after it, which Postgres never reads.
            { send: '\x00\x00\x00\x18\x00\x03\x00\x00replication\x00x\n\x00\x00' },
            { expect: '^E.+invalid value for parameter "replication"' },
          ],
        },
      },
    },
  });
}
