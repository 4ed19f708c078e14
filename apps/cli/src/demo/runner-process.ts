import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { LogTail } from '@scale/embedded-servers';

export interface RunnerProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The chaos runner as its own program, as deployed (its instrumentation loaded first): the cluster
 * outlives it, and a runner that dies mid-experiment reverts its faults when it starts again.
 */
export async function startRunnerProcess(options: {
  distDir: string;
  port: number;
  env: Record<string, string>;
}): Promise<RunnerProcess> {
  const app = join(options.distDir, 'apps', 'chaos-runner', 'src');
  const child: ChildProcess = spawn(process.execPath, ['--import', join(app, 'instrument.js'), join(app, 'main.js')], {
    env: { ...process.env, ...options.env, CHAOS_RUNNER_PORT: String(options.port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tail = new LogTail();
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the chaos runner exited at start-up:\n${tail.text()}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the chaos runner was not ready within 120 s:\n${tail.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGTERM: the runner reverts what it injected before it exits.
      child.kill('SIGTERM');
      await exited;
    },
  };
}
