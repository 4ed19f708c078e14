import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasExited, LogTail, terminate } from '@scale/embedded-servers';
import type { ReplicaState, ReplicaView } from '../cluster-options';
import type { ContainerCgroups } from '../cgroups/container-cgroups';
import type { OrphanReaper } from './orphan-reaper';
import { processStopped } from './process-status';
import { replicaAddress, type ReplicaSpec } from './replica-plan';
import { crashesInARow, restartDelaySeconds, type RestartBackoff } from './restart-backoff';

/** The container's command: the program with its instrumentation loaded first, as deployed. */
export interface ReplicaCommand {
  nodePath: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface ReplicaSupervisorOptions {
  spec: ReplicaSpec;
  command: ReplicaCommand;
  backoff: RestartBackoff;
  stopGraceMs: number;
  cgroups: ContainerCgroups;
  reaper: OrphanReaper;
  /** Something went wrong around the replica (not in it): a cgroup that refused the process. */
  onProblem?: (replicaId: string, message: string) => void;
}

/** Whether the replica should be running: the cluster's wish, which only the cluster changes. */
type Wanted = 'up' | 'zone-down' | 'stopped';

const LOG_LINES_KEPT = 100;
/** How long a stopped or continued process gets to show it in /proc. */
const SIGNAL_SETTLE_MS = 1_000;

/**
 * One replica, supervised as a kubelet supervises a pod's container: started, restarted with
 * backoff whenever its process exits (whoever made it exit), except while the cluster holds it
 * down for a zone outage or is stopping.
 */
export class ReplicaSupervisor {
  readonly spec: ReplicaSpec;
  readonly logs = new LogTail(() => undefined, LOG_LINES_KEPT);
  private child: ChildProcess | undefined;
  private wanted: Wanted = 'stopped';
  private restartTimer: NodeJS.Timeout | undefined;
  private crashes = 0;
  private restarts = 0;
  private startedAt = new Date();
  private lastExit: ReplicaView['lastExit'] = null;
  /** Set when the cluster sent SIGSTOP; only consulted where /proc cannot tell. */
  private frozen = false;

  constructor(private readonly options: ReplicaSupervisorOptions) {
    this.spec = options.spec;
  }

  /** The replica's process, while it has one. */
  get pid(): number | undefined {
    return this.child && !hasExited(this.child) ? this.child.pid : undefined;
  }

  start(): void {
    this.wanted = 'up';
    if (!this.child && !this.restartTimer) this.spawnProcess();
  }

  /** Stops the process and keeps it down (no restart) until `release`. */
  async holdDown(): Promise<void> {
    this.wanted = 'zone-down';
    await this.end();
  }

  /** Starts it again after a hold; a replica that is up is left alone. */
  release(): void {
    if (this.wanted !== 'zone-down') return;
    this.crashes = 0;
    this.start();
  }

  /** For good: the cluster is stopping. */
  async stop(): Promise<void> {
    this.wanted = 'stopped';
    await this.end();
  }

  /**
   * Sends a signal to the container's main process, as `docker kill --signal` does. A stop or a
   * continue is only reported done once the kernel shows it, so the replica's state says so at once.
   */
  async signal(signal: NodeJS.Signals): Promise<boolean> {
    const pid = this.pid;
    if (pid === undefined) return false;
    try {
      process.kill(pid, signal);
    } catch (error) {
      // It exited a moment ago; its 'exit' is on the way.
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') {
      this.frozen = signal === 'SIGSTOP';
      const deadline = Date.now() + SIGNAL_SETTLE_MS;
      while (this.pid === pid && processStopped(pid) === !this.frozen && Date.now() < deadline) await sleep(5);
    }
    return true;
  }

  state(): ReplicaState {
    if (this.wanted === 'zone-down') return 'zone-down';
    const pid = this.pid;
    if (pid !== undefined) return (processStopped(pid) ?? this.frozen) ? 'frozen' : 'running';
    if (this.restartTimer) return 'backoff';
    return 'stopped';
  }

  view(hogPids: readonly number[] = []): ReplicaView {
    const pid = this.pid;
    return {
      id: this.spec.id,
      service: this.spec.service,
      group: this.spec.group,
      zone: this.spec.zone,
      address: replicaAddress(this.spec),
      pids: pid === undefined ? [...hogPids] : [pid, ...hogPids],
      state: this.state(),
      restarts: this.restarts,
      startedAt: this.startedAt.toISOString(),
      lastExit: this.lastExit,
    };
  }

  private spawnProcess(): void {
    const { command } = this.options;
    const child = spawn(command.nodePath, command.args, {
      cwd: command.cwd,
      env: command.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: a Ctrl-C in the cluster's terminal reaches the cluster, which then
      // stops the replicas in order, instead of every replica exiting at once and being restarted.
      detached: true,
    });
    this.child = child;
    this.frozen = false;
    this.startedAt = new Date();
    child.stdout?.setEncoding('utf8').on('data', this.logs.push);
    child.stderr?.setEncoding('utf8').on('data', this.logs.push);
    child.once('error', (error) => {
      this.logs.push(`could not run ${command.nodePath}: ${error.message}`);
      // A process that never started emits no 'exit'.
      if (child.pid === undefined) this.exited(child, null, null);
    });
    child.once('exit', (code, signal) => this.exited(child, code, signal));
    const pid = child.pid;
    if (pid === undefined) return;
    this.options.reaper.track(pid);
    this.options.cgroups
      .attach(this.spec.id, pid)
      .catch((error: Error) =>
        this.options.onProblem?.(this.spec.id, `could not move process ${pid} into its cgroup: ${error.message}`),
      );
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.frozen = false;
    if (child.pid !== undefined) this.options.reaper.untrack(child.pid);
    const now = new Date();
    this.lastExit = { code, signal, at: now.toISOString() };
    if (this.wanted !== 'up') return;
    const { backoff } = this.options;
    this.crashes = crashesInARow(this.crashes, (now.getTime() - this.startedAt.getTime()) / 1000, backoff);
    this.restartTimer = setTimeout(
      () => {
        this.restartTimer = undefined;
        if (this.wanted !== 'up') return;
        this.restarts += 1;
        this.spawnProcess();
      },
      restartDelaySeconds(this.crashes, backoff) * 1000,
    );
  }

  /** Ends the process (and any pending restart): SIGTERM, then SIGKILL after the grace period. */
  private async end(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.child;
    if (!child || hasExited(child)) return;
    // A frozen process would hold the SIGTERM until continued.
    child.kill('SIGCONT');
    await terminate(child, this.options.stopGraceMs);
  }
}
