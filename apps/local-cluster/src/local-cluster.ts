import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { startExporters, startMonitoring } from '@scale/monitoring-stack';
import { containerCgroups } from './cgroups/container-cgroups';
import { createCpuCgroups } from './cgroups/cpu-cgroups';
import { createMemoryCgroups } from './cgroups/memory-cgroups';
import { ClusterControl } from './cluster-control';
import { clusterScrapeTarget, createClusterRegistry } from './cluster-metrics';
import { GROUPS, type ClusterInfo, type LocalClusterOptions, type RunningLocalCluster } from './cluster-options';
import { startControlServer } from './control/control-server';
import { containerFaultRoutes } from './control/container-fault-routes';
import { faultRoutes } from './control/fault-routes';
import { clusterProbes, nodeExporterTarget } from './exporters/cluster-exporters';
import { CpuHogs } from './faults/cpu-hogs';
import { DiskFills } from './faults/disk-fills';
import { MemoryHogs } from './faults/memory-hogs';
import { distinctFreePorts } from './infrastructure/free-ports';
import { prepareGroupDatabases } from './infrastructure/group-databases';
import { provideSharedServers } from './infrastructure/shared-servers';
import { startDatabaseLinks } from './network/start-database-links';
import { startOrphanReaper } from './replicas/orphan-reaper';
import { cpuHogProgram, findDistDir, memoryHogProgram, projectRoot, replicaArgs } from './replicas/programs';
import { waitUntilReady } from './replicas/readiness';
import { planReplicas, replicaEnvironment, replicaScrapeTargets } from './replicas/replica-plan';
import { ReplicaSupervisor } from './replicas/replica-supervisor';
import { DEFAULT_RESTART_BACKOFF } from './replicas/restart-backoff';
import { createScratchSpaces } from './storage/scratch-spaces';
import { startClusterTraffic } from './traffic-hook';
import { TrafficSurge } from './traffic/traffic-surge';

export const DEFAULT_ZONES = ['a', 'b'] as const;
export const DEFAULT_BUCKET = 'scale-midi';
const ZONE_NAME = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;
/** A part of the cluster still stopping after this long is named in the log. */
const SLOW_STOP_MS = 30_000;

/**
 * The local stand-in for Kubernetes: a Postgres with one catalog database per group, an S3 server
 * with the shared bucket, the control and experiment groups' API and extractor replicas in every
 * zone as supervised processes, Prometheus and Alertmanager scraping them, and the control API the
 * chaos runner injects faults through. Resolves once every replica is ready.
 */
export async function startLocalCluster(options: LocalClusterOptions): Promise<RunningLocalCluster> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const clusterId = options.clusterId ?? randomBytes(4).toString('hex');
  const zones = checkZones(options.zones ?? DEFAULT_ZONES);
  const dataDir = resolve(options.dataDir);
  const distDir = options.distDir ?? findDistDir();
  const nodePath = options.nodePath ?? process.execPath;
  const bucket = options.bucket ?? DEFAULT_BUCKET;
  const stopGraceMs = (options.stopGraceSeconds ?? 5) * 1000;
  await mkdir(dataDir, { recursive: true });

  // Undone in reverse order on stop, or on a failure half-way through starting.
  const undo: Array<{ readonly part: string; readonly stop: () => Promise<unknown> }> = [];
  const stopAll = async () => {
    for (const { part, stop } of undo.splice(0).reverse()) {
      // A stop that never ends then says which part it waits for.
      const slow = setTimeout(
        () => logger.error({ part }, `the cluster's ${part} is still stopping after ${SLOW_STOP_MS / 1000} s`),
        SLOW_STOP_MS,
      );
      await stop()
        .catch((error: unknown) => logger.error({ err: error, part }, `stopping the cluster's ${part} failed`))
        .finally(() => clearTimeout(slow));
    }
  };
  try {
    const servers = await provideSharedServers({ dataDir, databaseUrl: options.databaseUrl, s3: options.s3, bucket });
    undo.push({ part: 'shared servers', stop: servers.stop });
    const groups = await prepareGroupDatabases(servers.databaseUrl, options.databasePrefix ?? 'scale');
    const links = await startDatabaseLinks(servers.databaseUrl, logger);
    undo.push({ part: 'database links', stop: () => links.stop() });

    const specs = planReplicas(zones, await distinctFreePorts(GROUPS.length * zones.length * 2));
    const cgroups = await createCpuCgroups(
      clusterId,
      specs.map((spec) => spec.id),
    );
    undo.push({ part: 'cpu cgroups', stop: () => cgroups.remove() });
    logger.info(
      { cgroups: cgroups.enabled },
      cgroups.enabled
        ? 'replicas run in cpu cgroups of half a core each'
        : 'no writable cgroup v1 cpu controller: replicas and CPU hogs run unconfined',
    );
    const memory = await createMemoryCgroups(
      clusterId,
      specs.map((spec) => spec.id),
      { limitMiB: options.memoryLimitMiB },
    );
    undo.push({ part: 'memory cgroups', stop: () => memory.remove() });
    logger.info(
      { memoryCgroups: memory.enabled, memoryLimitBytes: memory.limitBytes },
      memory.enabled
        ? 'replicas run in memory cgroups with a limit each'
        : 'no writable cgroup v1 memory controller: replicas and memory hogs run without a memory limit',
    );
    const container = containerCgroups(cgroups, memory);
    const scratch = await createScratchSpaces(
      dataDir,
      specs.map((spec) => spec.id),
      options.ephemeralStorageLimitMiB,
    );
    const reaper = startOrphanReaper(stopGraceMs, nodePath, [cgroups.directory, memory.directory]);
    undo.push({ part: 'orphan reaper', stop: () => reaper.stop() });

    const supervisors = specs.map(
      (spec) =>
        new ReplicaSupervisor({
          spec,
          command: {
            nodePath,
            args: replicaArgs(distDir, spec.role),
            cwd: projectRoot(distDir),
            env: replicaEnvironment(
              spec,
              {
                databaseUrl: links.databaseUrl(spec.group, groups[spec.group].databaseUrl),
                s3: servers.s3,
                bucket,
                extractorConcurrency: options.extractorConcurrency ?? 2,
                scratch: { directory: scratch.directoryOf(spec.id) as string, limitBytes: scratch.limitBytes },
              },
              process.env,
              options.replicaEnvironment,
            ),
          },
          backoff: { ...DEFAULT_RESTART_BACKOFF, ...options.restartBackoff },
          stopGraceMs,
          cgroups: container,
          reaper,
          onProblem: (replicaId, message) => logger.warn({ replica: replicaId }, message),
        }),
    );
    undo.push({ part: 'replicas', stop: () => Promise.all(supervisors.map((supervisor) => supervisor.stop())) });
    const hogs = new CpuHogs({ program: cpuHogProgram(distDir), nodePath, cgroups });
    undo.push({ part: 'CPU hogs', stop: () => hogs.stopAll() });
    const memoryHogs = new MemoryHogs({ program: memoryHogProgram(distDir), nodePath, memory, container });
    undo.push({ part: 'memory hogs', stop: () => memoryHogs.stopAll() });
    const containerFaults = { memoryHogs, diskFills: new DiskFills(scratch) };
    // The replicas boot while Prometheus and Alertmanager do.
    for (const supervisor of supervisors) supervisor.start();

    const monitoring = await startMonitoring({
      dataDir: join(dataDir, 'monitoring'),
      scrapeIntervalSeconds: options.scrapeIntervalSeconds,
      evaluationIntervalSeconds: options.evaluationIntervalSeconds,
      alertmanager: options.alertmanager,
    });
    undo.push({ part: 'Prometheus and Alertmanager', stop: () => monitoring.stop() });
    const exporters = await startExporters({ dataDir: join(dataDir, 'monitoring') });
    undo.push({ part: 'exporters', stop: () => exporters.stop() });

    const registry = createClusterRegistry();
    // The control API's own URL is part of the info it serves, so the info is only complete once it listens.
    const published: { info?: ClusterInfo } = {};
    const control = new ClusterControl(() => published.info as ClusterInfo, supervisors, hogs, containerFaults);
    const surge = options.traffic ? new TrafficSurge() : null;
    const server = await startControlServer(control, registry, options.controlPort ?? 0, logger, [
      ...faultRoutes(links, surge),
      ...containerFaultRoutes(control),
    ]);
    undo.push({ part: 'control API', stop: () => server.stop() });
    const info: ClusterInfo = {
      clusterId,
      controlUrl: server.url,
      prometheusUrl: monitoring.prometheusUrl,
      alertmanagerUrl: monitoring.alertmanagerUrl,
      bucket,
      s3Endpoint: servers.s3.endpoint,
      cgroups: cgroups.enabled,
      memoryCgroups: memory.enabled,
      memoryLimitBytes: memory.limitBytes ?? null,
      ephemeralStorageLimitBytes: scratch.limitBytes,
      groups,
      zones,
    };
    published.info = info;
    const targets = [
      ...replicaScrapeTargets(specs),
      clusterScrapeTarget(server.url),
      nodeExporterTarget(exporters),
      ...(options.scrapeTargets ?? []),
    ];
    await monitoring.setTargets(targets);
    await waitUntilReady(supervisors, (options.readyTimeoutSeconds ?? 120) * 1000);
    // Probed once ready, as a Service sends only to ready pods: an API still loading its index refuses
    // connections, and a minute of that at start-up would page ProbeFailures for nothing.
    await monitoring.setTargets(
      targets,
      clusterProbes(exporters, specs, {
        control: links.databaseUrl('control', groups.control.databaseUrl),
        experiment: links.databaseUrl('experiment', groups.experiment.databaseUrl),
      }),
    );

    let stopped: Promise<void> | undefined;
    const cluster: RunningLocalCluster = {
      controlUrl: server.url,
      info,
      replicas: () => control.replicas(),
      stop: () => (stopped ??= stopAll()),
    };
    if (options.traffic) {
      const traffic = startClusterTraffic(cluster, {
        settings: options.traffic,
        s3: servers.s3,
        registry,
        logger,
        surge: surge ?? undefined,
      });
      undo.push({ part: 'traffic generator', stop: () => traffic.stop() });
    }
    await options.onReady?.(cluster);
    return cluster;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function checkZones(zones: readonly string[]): string[] {
  if (zones.length === 0) throw new Error('zones: at least one zone is needed');
  for (const zone of zones) {
    // Zones become parts of replica ids, cgroup directories and URL paths.
    if (!ZONE_NAME.test(zone)) {
      throw new Error(`zones: ${JSON.stringify(zone)} must be lowercase letters, digits and hyphens`);
    }
  }
  if (new Set(zones).size !== zones.length) throw new Error(`zones: ${zones.join(', ')} names a zone twice`);
  return [...zones];
}
