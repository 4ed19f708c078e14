import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { findFreePort } from '@scale/embedded-servers';
import type { ScrapeTarget } from '@scale/monitoring-stack';
import {
  ClusterDriverError,
  type ClusterDriver,
  type ClusterInfo,
  type ContainerSignal,
  type CpuHogSpec,
  type Group,
  type Replica,
} from '../../apps/chaos-runner/src/drivers/driver';

const ROOT = resolve(__dirname, '../..');

/**
 * A replica's program: serves prom-client's default metrics (process_start_time_seconds among them)
 * on its port, as every Scale program does, and nothing else.
 */
const REPLICA_PROGRAM = `
const http = require('node:http');
const client = require('prom-client');
client.collectDefaultMetrics();
http.createServer(async (request, response) => {
  if (request.url === '/metrics') {
    response.setHeader('content-type', client.register.contentType);
    response.end(await client.register.metrics());
  } else response.end('ok');
}).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

const HOG_PROGRAM = `const end = Date.now() + Number(process.env.SECONDS) * 1000; while (Date.now() < end) {}`;

export interface ProcessClusterSettings {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** Each group's catalog database, for the integrity check. */
  databaseUrls: Record<Group, string>;
}

export interface ReplicaSpec {
  id: string;
  service: string;
  group: Group;
  zone: string;
}

interface Supervised extends ReplicaSpec {
  port: number;
  child: ChildProcess | null;
  state: Replica['state'];
  restarts: number;
  startedAt: string;
}

/**
 * A cluster of real processes for the engine's tests, driven in-process: each replica is a Node
 * process serving /metrics, restarted 300 ms after it exits (as a supervisor would) unless its zone
 * is down; SIGSTOP really stops it; a CPU hog is a real busy process that ends by its own deadline.
 * A smaller stand-in for apps/local-cluster that starts in a second, behind the same driver interface.
 */
export class ProcessCluster implements ClusterDriver {
  readonly name = 'local' as const;
  private readonly replicaList: Supervised[] = [];
  private readonly hogs = new Map<string, { replicaId: string; child: ChildProcess }>();
  private readonly downZones = new Set<string>();
  private stopped = false;
  /** Every signal and kill sent, in order, for tests to check nothing else was touched. */
  readonly actions: string[] = [];
  /** Called before each answer to replicas(), so a test can change the cluster between two of the runner's looks. */
  beforeReplicas: (() => void) | undefined;

  private constructor(private readonly settings: ProcessClusterSettings) {}

  static async start(specs: readonly ReplicaSpec[], settings: ProcessClusterSettings): Promise<ProcessCluster> {
    const cluster = new ProcessCluster(settings);
    for (const spec of specs) {
      const replica: Supervised = {
        ...spec,
        port: await findFreePort(),
        child: null,
        state: 'backoff',
        restarts: -1,
        startedAt: '',
      };
      cluster.replicaList.push(replica);
      cluster.launch(replica);
    }
    await cluster.untilRunning();
    return cluster;
  }

  /** The four replicas of each group: an API and an extractor in zones a and b. */
  static defaultSpecs(): ReplicaSpec[] {
    return (['control', 'experiment'] as const).flatMap((group) =>
      (['api', 'extractor'] as const).flatMap((service) =>
        ['a', 'b'].map((zone) => ({ id: `${group}-${service}-${zone}`, service: `scale-${service}`, group, zone })),
      ),
    );
  }

  scrapeTargets(): ScrapeTarget[] {
    return this.replicaList.map((replica) => ({
      address: `127.0.0.1:${replica.port}`,
      labels: { service: replica.service, group: replica.group, zone: replica.zone, instance: replica.id },
    }));
  }

  /** Moves a replica to another group, as a relabelled pod would be. */
  relabel(id: string, group: Group): void {
    this.find(id).group = group;
  }

  async info(): Promise<ClusterInfo> {
    const { prometheusUrl, alertmanagerUrl, databaseUrls } = this.settings;
    return {
      prometheusUrl,
      alertmanagerUrl,
      bucket: 'scale-midi',
      zones: ['a', 'b'],
      groups: { control: { databaseUrl: databaseUrls.control }, experiment: { databaseUrl: databaseUrls.experiment } },
      cgroups: false,
    };
  }

  async replicas(): Promise<Replica[]> {
    this.beforeReplicas?.();
    return this.replicaList.map((replica) => ({
      id: replica.id,
      service: replica.service,
      group: replica.group,
      zone: replica.zone,
      address: `127.0.0.1:${replica.port}`,
      // As in the local cluster, a replica's processes are its own and its CPU hogs'.
      pids: alive(replica.child) ? [replica.child?.pid as number, ...this.hogsOf(replica.id)] : [],
      state: replica.state,
      restarts: Math.max(0, replica.restarts),
      startedAt: replica.startedAt,
    }));
  }

  async signal(replicaId: string, signal: ContainerSignal): Promise<void> {
    const replica = this.find(replicaId);
    this.actions.push(`${signal} ${replicaId}`);
    if (!replica.child?.pid || replica.state === 'backoff' || replica.state === 'zone-down') return;
    process.kill(replica.child.pid, signal);
    if (signal === 'SIGSTOP') replica.state = 'frozen';
    if (signal === 'SIGCONT' && replica.state === 'frozen') replica.state = 'running';
  }

  async killPod(replicaId: string): Promise<void> {
    await this.signal(replicaId, 'SIGKILL');
  }

  async zoneDown(group: Group, zone: string): Promise<void> {
    this.actions.push(`zone-down ${group} ${zone}`);
    this.downZones.add(`${group}/${zone}`);
    for (const replica of this.replicaList.filter(
      (candidate) => candidate.group === group && candidate.zone === zone,
    )) {
      replica.state = 'zone-down';
      replica.child?.kill('SIGKILL');
    }
  }

  async zoneUp(group: Group, zone: string): Promise<void> {
    this.actions.push(`zone-up ${group} ${zone}`);
    if (!this.downZones.delete(`${group}/${zone}`)) return;
    for (const replica of this.replicaList.filter(
      (candidate) => candidate.group === group && candidate.zone === zone,
    )) {
      this.launch(replica);
    }
  }

  async startCpuHog(replicaId: string, hog: CpuHogSpec): Promise<{ id: string }> {
    this.find(replicaId);
    const id = `hog-${this.hogs.size + 1}`;
    const child = spawn(process.execPath, ['-e', HOG_PROGRAM], {
      env: { SECONDS: String(hog.timeoutSeconds) },
      stdio: 'ignore',
    });
    this.hogs.set(id, { replicaId, child });
    this.actions.push(`cpu-hog ${replicaId} ${id}`);
    return { id };
  }

  async stopCpuHog(hogId: string): Promise<void> {
    const hog = this.hogs.get(hogId);
    if (!hog) throw new ClusterDriverError(`no CPU hog ${hogId}`, 404);
    this.actions.push(`stop ${hogId}`);
    hog.child.kill('SIGKILL');
  }

  hogAlive(hogId: string): boolean {
    return alive(this.hogs.get(hogId)?.child ?? null);
  }

  private hogsOf(replicaId: string): number[] {
    return [...this.hogs.values()]
      .filter((hog) => hog.replicaId === replicaId && alive(hog.child))
      .map((hog) => hog.child.pid as number);
  }

  /** The kernel's view of the replica's process: 'T' when stopped by a signal, 'S' or 'R' otherwise. */
  async processState(replicaId: string): Promise<string> {
    const pid = this.find(replicaId).child?.pid;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  }

  pidOf(replicaId: string): number | undefined {
    return this.find(replicaId).child?.pid;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const running = [
      ...this.replicaList.map((replica) => replica.child),
      ...[...this.hogs.values()].map((hog) => hog.child),
    ].filter((child): child is ChildProcess => alive(child));
    await Promise.all(running.map(kill));
  }

  private find(id: string): Supervised {
    const replica = this.replicaList.find((candidate) => candidate.id === id);
    if (!replica) throw new ClusterDriverError(`no replica ${id}`, 404);
    return replica;
  }

  private launch(replica: Supervised): void {
    const child = spawn(process.execPath, ['-e', REPLICA_PROGRAM], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(replica.port) },
      stdio: 'ignore',
    });
    replica.child = child;
    replica.state = 'running';
    replica.restarts++;
    replica.startedAt = new Date().toISOString();
    child.once('exit', () => {
      if (replica.child !== child || this.stopped) return;
      if (this.downZones.has(`${replica.group}/${replica.zone}`)) {
        replica.state = 'zone-down';
        return;
      }
      replica.state = 'backoff';
      setTimeout(() => {
        if (!this.stopped && replica.child === child && !this.downZones.has(`${replica.group}/${replica.zone}`)) {
          this.launch(replica);
        }
      }, 300).unref();
    });
  }

  private async untilRunning(): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (const replica of this.replicaList) {
      while (
        !(await fetch(`http://127.0.0.1:${replica.port}/metrics`).then(
          (response) => response.ok,
          () => false,
        ))
      ) {
        if (Date.now() > deadline) throw new Error(`replica ${replica.id} did not start`);
        await new Promise((resolveWait) => setTimeout(resolveWait, 50));
      }
    }
  }
}

function alive(child: ChildProcess | null): boolean {
  return child?.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGKILL');
  await exited;
}
