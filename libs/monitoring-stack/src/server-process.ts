import type { ChildProcess } from 'node:child_process';
import { findFreePort } from '@scale/embedded-servers';
import { guardAgainstOrphan, hasExited, LogTail, spawnProgram, terminate } from '@scale/embedded-servers';
import { MonitoringError } from './errors';

export interface ServerProcessSpec {
  /** For messages: `Prometheus`. */
  name: string;
  binary: string;
  /** The command line for listening on 127.0.0.1:`port`. */
  args(port: number): string[];
  /** Answers 200 once the server serves (`/-/ready`). */
  readyPath: string;
  readyTimeoutMs?: number;
}

export interface RunningServerProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops it with SIGTERM (SIGKILL after a grace period) and waits until it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Attempts when the chosen port is taken between choosing it and the server binding it. */
const PORT_ATTEMPTS = 3;
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 100;
const STOP_GRACE_MS = 10_000;

/**
 * Runs a server program as a child process on a free loopback port and waits until it is ready. An orphan
 * guard stops it when this process ends without stopping it (killed, crashed), so no server outlives its
 * test or command and holds its data directory's lock.
 */
export async function startServerProcess(spec: ServerProcessSpec): Promise<RunningServerProcess> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort(HOST);
    const logs = new LogTail();
    const { child, error: spawned } = await spawnProgram(spec.binary, spec.args(port), logs.push);
    if (spawned) {
      throw new MonitoringError(
        `could not run ${spec.name} (${spec.binary}): ${spawned.message}; run scripts/install-monitoring.sh`,
        { cause: spawned },
      );
    }
    const guard = guardAgainstOrphan(child.pid as number, 'SIGTERM');
    const url = `http://${HOST}:${port}`;

    const failure = await waitUntilReady(child, `${url}${spec.readyPath}`, spec.readyTimeoutMs ?? READY_TIMEOUT_MS);
    if (failure === undefined) {
      let stopped: Promise<void> | undefined;
      const stop = () =>
        (stopped ??= (async () => {
          await terminate(child, STOP_GRACE_MS);
          await guard.stop();
        })());
      return { url, port, stop };
    }
    await terminate(child, STOP_GRACE_MS);
    await guard.stop();
    if (/address already in use/i.test(logs.text()) && attempt < PORT_ATTEMPTS) continue;
    throw new MonitoringError(`could not start ${spec.name} on ${HOST}:${port}: ${failure}${logs.describe()}`);
  }
}

/** Undefined once the server answers ready; otherwise why it never did. */
async function waitUntilReady(child: ChildProcess, readyUrl: string, timeoutMs: number): Promise<string | undefined> {
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(`it exited (${signal ?? `code ${code}`}) before it was ready`)),
  );
  let settled = false;
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!settled && Date.now() < deadline) {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      await response?.body?.cancel();
      if (response?.status === 200) return undefined;
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
    return `it was not ready within ${timeoutMs / 1000} s`;
  })();
  try {
    // An exit already reported counts even when a ready answer came from another server on the port.
    const outcome = await Promise.race([ready, exited]);
    return hasExited(child) ? await exited : outcome;
  } finally {
    settled = true;
  }
}
