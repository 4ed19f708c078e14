import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasExited } from '@scale/embedded-servers';
import type { ContainerCgroups } from '../cgroups/container-cgroups';
import { MiB, type MemoryCgroups } from '../cgroups/memory-cgroups';
import { ReplicaConflictError } from '../control/cluster-errors';
import { processAlive } from '../replicas/process-status';
import { findHogProcesses } from './hog-processes';

export const MEMORY_HOG_PROGRAM = 'memory-hog.js';

/**
 * `megabytes` MiB, or what keeps the replica's container at `sharePercent` of its memory limit (what the
 * replica holds counts, as a disk fill counts what the space holds); exactly one (the request schema sees to it).
 */
export interface MemoryHogRequest {
  megabytes?: number;
  sharePercent?: number;
  timeoutSeconds: number;
}

export interface MemoryHogView extends MemoryHogRequest {
  id: string;
  replicaId: string;
  /** What it allocates at first; with a share, what the container lacked then. */
  bytes: number;
  /** With a share: the container's working set it holds, allocating and giving back as the replica's own memory moves. */
  targetBytes: number | null;
  pids: number[];
  /** It runs in the replica's memory cgroup, against the replica's limit. */
  confined: boolean;
  /** The replica's memory limit; null without memory cgroups. */
  limitBytes: number | null;
  startedAt: string;
  endsAt: string;
}

interface RunningHog {
  view: MemoryHogView;
  child: ChildProcess;
  exited: Promise<void>;
}

export interface MemoryHogsOptions {
  /** The compiled memory-hog.js. */
  program: string;
  nodePath: string;
  memory: MemoryCgroups;
  /** Every cgroup of the replica's container: the hog joins them all, memory first. */
  container: ContainerCgroups;
}

/** The memory hogs the cluster started, each a detached process that holds its memory until its own timeout. */
export class MemoryHogs {
  private readonly hogs = new Map<string, RunningHog>();

  constructor(private readonly options: MemoryHogsOptions) {}

  /** The working set a share asks the container to be held at; a share needs a limit to take it of. */
  targetOf(request: MemoryHogRequest): number | null {
    if (request.sharePercent === undefined) return null;
    const limit = this.options.memory.limitBytes;
    if (limit === undefined) {
      throw new ReplicaConflictError(
        'sharePercent: the replicas run without a memory limit (no writable cgroup v1 memory controller); ask for megabytes instead',
      );
    }
    return Math.round((limit * request.sharePercent) / 100);
  }

  async start(replicaId: string, request: MemoryHogRequest): Promise<MemoryHogView> {
    const targetBytes = this.targetOf(request);
    const bytes =
      targetBytes === null
        ? (request.megabytes ?? 0) * MiB
        : Math.max(0, targetBytes - (await this.options.memory.workingSetOf(replicaId)));
    const id = `memhog-${randomBytes(6).toString('hex')}`;
    const cgroup = this.options.memory.pathOf(replicaId);
    // --expose-gc: a hog holding a share gives memory back, and only the collector frees a Buffer's.
    const args = [
      '--expose-gc',
      this.options.program,
      '--id',
      id,
      ...(targetBytes === null ? ['--bytes', String(bytes)] : ['--target', String(targetBytes)]),
      '--timeout',
      String(request.timeoutSeconds),
    ];
    // Detached and unreferenced: it outlives the cluster if need be, until its own timeout.
    const child = spawn(this.options.nodePath, cgroup ? [...args, '--cgroup', cgroup] : args, {
      detached: true,
      stdio: 'ignore',
      env: { PATH: process.env.PATH ?? '' },
    });
    child.unref();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    try {
      await this.options.container.attach(replicaId, child.pid as number);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    const startedAt = new Date();
    const view: MemoryHogView = {
      id,
      replicaId,
      ...request,
      bytes,
      targetBytes,
      pids: [child.pid as number],
      confined: this.options.memory.enabled,
      limitBytes: this.options.memory.limitBytes ?? null,
      startedAt: startedAt.toISOString(),
      endsAt: new Date(startedAt.getTime() + request.timeoutSeconds * 1000).toISOString(),
    };
    this.hogs.set(id, { view, child, exited });
    // Not awaited: the hog ends by itself (or by the OOM killer); `exited` never rejects.
    void exited.then(() => this.hogs.delete(id));
    return view;
  }

  list(): MemoryHogView[] {
    return [...this.hogs.values()].filter((hog) => !hasExited(hog.child)).map((hog) => hog.view);
  }

  pidsOf(replicaId: string): number[] {
    return this.list()
      .filter((hog) => hog.replicaId === replicaId)
      .flatMap((hog) => hog.pids);
  }

  /** Stops the hog and waits until it has gone; one that already ended, or never existed, is no error. */
  async stop(id: string): Promise<void> {
    const hog = this.hogs.get(id);
    if (hog) {
      hog.child.kill('SIGKILL');
      await hog.exited;
      return;
    }
    // Perhaps one a previous run of the cluster started: found by its command line.
    const pids = await findHogProcesses(id, MEMORY_HOG_PROGRAM);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    const deadline = Date.now() + 2_000;
    while (pids.some(processAlive) && Date.now() < deadline) await sleep(20);
  }

  async stopFor(replicaId: string): Promise<void> {
    await Promise.all(
      this.list()
        .filter((hog) => hog.replicaId === replicaId)
        .map((hog) => this.stop(hog.id)),
    );
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.hogs.keys()].map((id) => this.stop(id)));
  }
}
