import { fork } from 'node:child_process';
import { join } from 'node:path';

/** Answers fetched from the API at once: enough to keep it busy, few enough not to queue. */
const FETCH_CONCURRENCY = 8;
const READY_TIMEOUT_MS = 30_000;

export interface FloorServer {
  readonly pid: number;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** The API's answer to each path, as the floor server will send it; a path it does not answer is an error. */
export async function answersOf(
  baseUrl: string,
  paths: readonly string[],
  signal: AbortSignal,
): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++];
      const response = await fetch(`${baseUrl}${path}`, { signal });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`the API answered ${path} with ${response.status}: ${body}`);
      answers[path] = body;
    }
  };
  await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, worker));
  return answers;
}

/** The bare server of floor-server.ts in its own process, as the API is: its CPU is its own. */
export async function startFloor(
  answers: Record<string, string>,
  onStarted: (stop: () => Promise<void>) => void,
): Promise<FloorServer> {
  const child = fork(join(__dirname, 'floor-server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exit;
  };
  onStarted(stop);
  if (child.pid === undefined) throw new Error('the floor server could not be started');
  child.send(answers);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the floor server gave no port')), READY_TIMEOUT_MS);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited with ${code} before it listened`)));
  });
  return { pid: child.pid, baseUrl: `http://127.0.0.1:${port}`, stop };
}
