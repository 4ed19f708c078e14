import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '@scale/embedded-servers';

/** The version scripts/install-toxiproxy.sh builds; its cache folder is named after it. */
export const TOXIPROXY_VERSION = 'v2.12.0';

/** Where scripts/install-toxiproxy.sh puts toxiproxy-server; SCALE_TOXIPROXY_HOME moves it, as it does for the script. */
export function defaultToxiproxyPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.SCALE_TOXIPROXY_HOME ?? join(homedir(), '.cache', 'scale', 'toxiproxy');
  return join(home, TOXIPROXY_VERSION, 'bin', 'toxiproxy-server');
}

export async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

export interface RunningToxiproxy {
  /** Its HTTP API, e.g. `http://127.0.0.1:8474`. */
  readonly apiUrl: string;
  stop(): Promise<void>;
}

/** Starts toxiproxy-server on a free loopback port; resolves once its API answers. */
export async function startToxiproxy(binary: string, startTimeoutMs = 10_000): Promise<RunningToxiproxy> {
  const port = await findFreePort();
  const child = spawn(binary, ['-host', '127.0.0.1', '-port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-2000);
  });
  const apiUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`toxiproxy-server exited while starting (${child.exitCode ?? child.signalCode}): ${output}`);
    }
    const answered = await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`toxiproxy-server did not answer on ${apiUrl} within ${startTimeoutMs} ms: ${output}`);
    }
    await sleep(50);
  }
  let stopped: Promise<void> | undefined;
  return { apiUrl, stop: () => (stopped ??= stopChild(child)) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killed = sleep(3_000, 'late' as const, { ref: false });
  if ((await Promise.race([exited, killed])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}
