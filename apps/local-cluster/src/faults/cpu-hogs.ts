import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hasExited } from '@scale/embedded-servers';
import type { CpuCgroups } from '../cgroups/cpu-cgroups';
import { processAlive } from '../replicas/process-status';
import { findHogProcesses } from './hog-processes';

export interface CpuHogRequest {
  cores: number;
  loadPercent: number;
  timeoutSeconds: number;
}

export interface CpuHogView extends CpuHogRequest {
  id: string;
  replicaId: string;
  pids: number[];
  /** It runs in the replica's cpu cgroup, competing with the replica alone. */
  confined: boolean;
  startedAt: string;
  /** When it ends by itself. */
  endsAt: string;
}

interface RunningHog {
  view: CpuHogView;
  child: ChildProcess;
  exited: Promise<void>;
}

export interface CpuHogsOptions {
  /** The compiled cpu-hog.js. */
  program: string;
  nodePath: string;
  cgroups: CpuCgroups;
}

/** The CPU hogs the cluster started, each a detached process that ends by its own timeout. */
export class CpuHogs {
  private readonly hogs = new Map<string, RunningHog>();

  constructor(private readonly options: CpuHogsOptions) {}

  async start(replicaId: string, request: CpuHogRequest): Promise<CpuHogView> {
    const id = `hog-${randomBytes(6).toString('hex')}`;
    const args = [
      this.options.program,
      '--id',
      id,
      '--cores',
      String(request.cores),
      '--load',
      String(request.loadPercent),
      '--timeout',
      String(request.timeoutSeconds),
    ];
    // Detached and unreferenced: it outlives the cluster if need be, until its own timeout.
    const child = spawn(this.options.nodePath, args, {
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
    const pid = child.pid as number;
    try {
      await this.options.cgroups.attach(replicaId, pid);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    const startedAt = new Date();
    const view: CpuHogView = {
      id,
      replicaId,
      ...request,
      pids: [pid],
      confined: this.options.cgroups.enabled,
      startedAt: startedAt.toISOString(),
      endsAt: new Date(startedAt.getTime() + request.timeoutSeconds * 1000).toISOString(),
    };
    this.hogs.set(id, { view, child, exited });
    // Not awaited: the hog ends by itself at its deadline; `exited` never rejects.
    void exited.then(() => this.hogs.delete(id));
    return view;
  }

  list(): CpuHogView[] {
    return [...this.hogs.values()].filter((hog) => !hasExited(hog.child)).map((hog) => hog.view);
  }

  pidsOf(replicaId: string): number[] {
    return this.list()
      .filter((hog) => hog.replicaId === replicaId)
      .flatMap((hog) => hog.pids);
  }

  /** Stops the hog and waits until it has gone; a hog that already ended, or never existed, is no error. */
  async stop(id: string): Promise<void> {
    const hog = this.hogs.get(id);
    if (hog) {
      hog.child.kill('SIGKILL');
      await hog.exited;
      return;
    }
    // Not one of ours: perhaps one a previous run of the cluster started.
    const pids = await findHogProcesses(id);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    const deadline = Date.now() + 2_000;
    while (pids.some(processAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
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
