import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { findFreePort } from '@scale/embedded-servers';

/** Index load of a Lakh-sized catalog takes seconds; this much means something is wrong. */
const READY_TIMEOUT_MS = 180_000;
const READY_POLL_MS = 200;
/** Writing a --cpu-prof profile at exit can take a few seconds for a long run. */
const STOP_GRACE_MS = 20_000;
const OUTPUT_TAIL_LINES = 30;

export interface ApiProcess {
  readonly pid: number;
  readonly baseUrl: string;
  readonly port: number;
  /** From spawn to the first /readyz 200: process start, migrations check, index load. */
  readonly readySeconds: number;
  /** SIGTERM (the API's graceful exit), SIGKILL if it lingers. Safe to call twice. */
  stop(): Promise<void>;
}

/** The API's entry, compiled next to this bench: the same layout in dist/ and in any other build dir. */
export function apiEntry(): string {
  const entry = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`the compiled API was not found at ${entry}; build apps with the bench`);
  return entry;
}

/** The API's instrumentation entry, loaded with `--import` before the program, as deployed. */
export function apiInstrumentEntry(): string {
  const entry = join(dirname(apiEntry()), 'instrument.js');
  if (!existsSync(entry)) throw new Error(`the compiled instrumentation entry was not found at ${entry}`);
  return entry;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts the API as its own process, as deployed: its CPU is then its own, apart from the load
 * generator's. `onStarted` receives the stop function at once, so a Ctrl-C during the index load
 * still ends the process.
 */
export async function startApi(
  databaseUrl: string,
  options: {
    readonly profileDir?: string;
    /** Before the entry, e.g. `--import <instrument.js>` to start it as deployed with tracing. */
    readonly nodeArgs?: readonly string[];
    /** Over the inherited environment; `undefined` removes a variable. */
    readonly env?: Readonly<Record<string, string | undefined>>;
    /** Prefix of the API's output lines on our stderr, to tell several APIs apart. */
    readonly outputPrefix?: string;
    readonly onStarted: (stop: () => Promise<void>) => void;
  },
): Promise<ApiProcess> {
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    API_PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  // Meant for the bench process (an inspector, a loader); in the API it would clash or skew it.
  delete env.NODE_OPTIONS;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const nodeArgs = [
    ...(options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : []),
    ...(options.nodeArgs ?? []),
  ];
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, apiEntry()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = options.outputPrefix ?? 'api';

  // Warnings and errors go to our stderr as they come; the tail explains a failed start.
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      process.stderr.write(`${prefix}: ${line}\n`);
    });
  }
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (exited(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exit;
      clearTimeout(timer);
    })());
  options.onStarted(stop);
  if (child.pid === undefined) throw new Error('the API process could not be started');

  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited(child)) {
      throw new Error(
        `the API exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${tail.join('\n')}`,
      );
    }
    if (performance.now() - started > READY_TIMEOUT_MS) {
      throw new Error(`the API was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${tail.join('\n')}`);
    }
    const status = await fetch(`${baseUrl}/readyz`).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  return { pid: child.pid, baseUrl, port, readySeconds: (performance.now() - started) / 1000, stop };
}
