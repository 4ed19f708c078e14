import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedServerError } from '../errors';
import { LogTail } from '../log-tail';
import { hasExited, spawnProgram, terminate } from '../node-child';
import { guardAgainstOrphan } from '../orphan-guard';

export interface ComponentSpec {
  /** The binary's name in the bin directory: `kube-apiserver`. */
  name: string;
  binDir: string;
  args: string[];
  /** Each component's whole output goes to `<logDir>/<name>.log`, for reading after a failed test. */
  logDir: string;
  log?: (line: string) => void;
}

export interface Component {
  readonly name: string;
  readonly logs: LogTail;
  /** Why the process has gone, once it has. */
  readonly exited: Promise<string>;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after a grace period; waits until the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/**
 * Runs one control-plane program. Its orphan guard SIGKILLs it when this process dies without stopping it:
 * the plane's data is scratch, and a SIGTERMed apiserver whose etcd has gone may never exit.
 */
export async function startComponent(spec: ComponentSpec): Promise<Component> {
  const binary = join(spec.binDir, spec.name);
  const file = createWriteStream(join(spec.logDir, `${spec.name}.log`), { flags: 'a' });
  const logs = new LogTail((line) => {
    file.write(`${line}\n`);
    spec.log?.(`${spec.name}: ${line}`);
  });
  const { child, error: spawned } = await spawnProgram(binary, spec.args, logs.push);
  if (spawned) {
    file.end();
    throw new EmbeddedServerError(`could not run ${binary}: ${spawned.message}; run scripts/install-kubernetes.sh`, {
      cause: spawned,
    });
  }
  const guard = guardAgainstOrphan(child.pid as number, 'SIGKILL');
  const exited = exitReason(child);
  let stopped: Promise<void> | undefined;
  return {
    name: spec.name,
    logs,
    exited,
    hasExited: () => hasExited(child),
    stop: () =>
      (stopped ??= (async () => {
        await terminate(child, STOP_GRACE_MS);
        await guard.stop();
        file.end();
      })()),
  };
}

function exitReason(child: ChildProcess): Promise<string> {
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(`exited (${signal ?? `code ${code}`})`)),
  );
}

/**
 * Polls `check` until it answers true; fails when the component exits first or the time is up, with the
 * component's last log lines.
 */
export async function waitForComponent(
  component: Component,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (component.hasExited()) {
      throw new EmbeddedServerError(
        `${component.name} ${await component.exited} before ${what}${component.logs.describe()}`,
      );
    }
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new EmbeddedServerError(
    `${component.name}: not ${what} within ${timeoutMs / 1000} s${component.logs.describe()}`,
  );
}
