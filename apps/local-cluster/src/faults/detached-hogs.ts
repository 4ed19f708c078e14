import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasExited } from '@scale/embedded-servers';
import type { ContainerCgroups } from '../cgroups/container-cgroups';
import { processAlive } from '../replicas/process-status';
import { findHogProcesses } from './hog-processes';

/** What every hog's view says beside its request, whatever it consumes. */
export interface HogView {
  id: string;
  replicaId: string;
  pids: number[];
  /** It runs in the replica's cgroup, competing with the replica alone. */
  confined: boolean;
  startedAt: string;
  /** When it ends by itself. */
  endsAt: string;
}

export interface DetachedHogOptions {
  /** The compiled hog program; its file name is how a hog left by a previous run is found. */
  program: string;
  nodePath: string;
  /** Node's own options, put before the program. */
  nodeOptions?: readonly string[];
  /** Environment the hog runs with besides PATH. */
  env?: Readonly<Record<string, string>>;
  /** Names the kind of hog in its id (`hog-…`, `memhog-…`). */
  idPrefix: string;
  /** What the hog joins to be inside the replica's container. */
  cgroups: ContainerCgroups;
  /** Whether joining them confines it: false without a writable controller. */
  confined: boolean;
}

interface RunningHog<View> {
  view: View;
  child: ChildProcess;
  exited: Promise<void>;
}

/** Every request carries the hog's own deadline. */
type HogDetails = { timeoutSeconds: number };

/**
 * Hogs the cluster started, each a detached process that ends by its own timeout: started with
 * `--id <id>` first, put in the replica's cgroups, and tracked until it exits. A kind of hog says only
 * which program it runs, with which arguments, and what its view adds.
 */
export class DetachedHogs<Details extends HogDetails> {
  private readonly hogs = new Map<string, RunningHog<HogView & Details>>();

  constructor(private readonly hog: DetachedHogOptions) {}

  protected async launch(replicaId: string, args: readonly string[], details: Details): Promise<HogView & Details> {
    const id = `${this.hog.idPrefix}-${randomBytes(6).toString('hex')}`;
    const argv = [...(this.hog.nodeOptions ?? []), this.hog.program, '--id', id, ...args];
    // Detached and unreferenced: it outlives the cluster if need be, until its own timeout.
    const child = spawn(this.hog.nodePath, argv, {
      detached: true,
      stdio: 'ignore',
      env: { ...this.hog.env, PATH: process.env.PATH ?? '' },
    });
    child.unref();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const pid = child.pid as number;
    try {
      await this.hog.cgroups.attach(replicaId, pid);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    const startedAt = new Date();
    const view = {
      id,
      replicaId,
      ...details,
      pids: [pid],
      confined: this.hog.confined,
      startedAt: startedAt.toISOString(),
      endsAt: new Date(startedAt.getTime() + details.timeoutSeconds * 1000).toISOString(),
    };
    this.hogs.set(id, { view, child, exited });
    // Not awaited: the hog ends by itself at its deadline (or by the OOM killer); `exited` never rejects.
    void exited.then(() => this.hogs.delete(id));
    return view;
  }

  list(): Array<HogView & Details> {
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
    // Not one of ours: perhaps one a previous run of the cluster started, found by its command line.
    const pids = await findHogProcesses(id, basename(this.hog.program));
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
