import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs a small CommonJS script in a new Node process. The script is passed inline (`-e`) rather than as a file
 * so it works the same from the TypeScript sources under vitest and from the compiled dist/; its arguments
 * arrive as process.argv[1...]. stdin is always a pipe: the children here treat its end as "the parent is
 * gone", which holds even when the parent was killed with SIGKILL and could run no clean-up of its own.
 */
export function spawnNodeScript(
  script: string,
  args: readonly string[],
  output: 'pipe' | 'ignore',
  nodeOptions: readonly string[] = [],
): ChildProcess {
  // NODE_OPTIONS is meant for the caller (an inspector port, a loader); in the child it would clash or fail.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  return spawn(process.execPath, [...nodeOptions, '-e', script, ...args], { stdio: ['pipe', output, output], env });
}

/**
 * Starts a program with its stdout and stderr handed to `onOutput` as text, and waits until it runs:
 * `error` says why it could not start (a missing binary), so the caller can name the script that installs it.
 */
export async function spawnProgram(
  binary: string,
  args: readonly string[],
  onOutput: (chunk: string) => void,
): Promise<{ child: ChildProcess; error?: Error }> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.setEncoding('utf8').on('data', onOutput);
  child.stderr?.setEncoding('utf8').on('data', onOutput);
  const error = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  return { child, error };
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stops a child with SIGTERM, or SIGKILL when it has not gone after `graceMs`, and waits until it has exited. */
export async function terminate(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = waitForExit(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** The process is alive (a process owned by another user, which we may not signal, counts as alive). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
