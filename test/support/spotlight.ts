import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { findFreePort } from '@scale/embedded-servers';
import { eventually } from './extractor';

export interface SentryEnvelopeItem {
  readonly header: { type: string };
  readonly payload: Record<string, unknown>;
}

export interface RunningSpotlight {
  /** The value for SENTRY_SPOTLIGHT. */
  readonly streamUrl: string;
  /** Every item of every envelope the sidecar has passed on since start. */
  readonly items: SentryEnvelopeItem[];
  stop(): Promise<void>;
}

const SPOTLIGHT = resolve(__dirname, '../../node_modules/.bin/spotlight');

/**
 * Sentry's Spotlight sidecar, the real program: it takes the envelopes a Sentry SDK sends and
 * streams them to its subscribers as server-sent events, which is how the test reads them.
 */
export async function startSpotlight(): Promise<RunningSpotlight> {
  const port = await findFreePort();
  const child = spawn(SPOTLIGHT, ['server', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  await eventually(
    `Spotlight to listen (${output})`,
    async () => (await fetch(`${base}/health`).catch(() => null))?.ok === true,
    30_000,
    100,
  );

  const items: SentryEnvelopeItem[] = [];
  const abort = new AbortController();
  const response = await fetch(`${base}/stream?client=scale-tests`, { signal: abort.signal });
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const message = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = message.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const [, envelopeItems] = JSON.parse(data.slice('data: '.length)) as [
            unknown,
            Array<[{ type: string }, Record<string, unknown>]>,
          ];
          for (const [header, payload] of envelopeItems) items.push({ header, payload });
        }
      }
    } catch {
      // Aborted on stop.
    }
  })();
  return {
    streamUrl: `${base}/stream`,
    items,
    async stop() {
      abort.abort();
      child.kill('SIGTERM');
      await new Promise((resolveExit) => child.once('exit', resolveExit));
    },
  };
}
