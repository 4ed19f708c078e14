import { Agent, request } from 'node:http';
import type { Latency, LoadFigures } from './load';

/** A request not answered in this long counts as an error (and its latency as this long). */
const TIMEOUT_MS = 10_000;

export interface PacedFigures extends LoadFigures {
  readonly rate: number;
  /** Latency from the moment the request was sent, leaving out how late the generator sent it. */
  readonly serviceLatency: Latency;
  /** How late the generator sent its latest request, ms: above a few ms it could not keep the pace. */
  readonly maxSendLagMs: number;
  /** Most requests in flight at once: the sockets the rate actually needed. */
  readonly maxInFlight: number;
  readonly slow: SlowEpisodes;
  /** What the requests that failed met, counted: `HTTP 503`, or the error's code (`ECONNRESET`, `timed out`). */
  readonly failures: Readonly<Record<string, number>>;
}

/** The failures of a phase in words, most frequent first, e.g. `ECONNRESET ×5, HTTP 503 ×1`; null with none. */
export function describeFailures({ failures }: PacedFigures): string | null {
  const counted = Object.entries(failures).sort(([, a], [, z]) => z - a);
  return counted.length === 0 ? null : counted.map(([what, count]) => `${what} ×${count}`).join(', ');
}

/** Requests slower than a bar, grouped into episodes: a periodic stall in the API shows as a steady interval. */
export interface SlowEpisodes {
  readonly overMs: number;
  readonly requests: number;
  readonly episodes: number;
  /** Median time between the starts of consecutive episodes, ms; NaN with fewer than two. */
  readonly medianIntervalMs: number;
}

/** Slow requests due within this long of the previous slow one belong to the same episode. */
const EPISODE_GAP_MS = 100;

function slowEpisodes(latencies: Float64Array, intervalMs: number, overMs: number): SlowEpisodes {
  let requests = 0;
  let lastSlowDue = -Infinity;
  const starts: number[] = [];
  for (let i = 0; i < latencies.length; i++) {
    if (latencies[i] <= overMs) continue;
    requests++;
    const due = i * intervalMs;
    if (due - lastSlowDue > EPISODE_GAP_MS) starts.push(due);
    lastSlowDue = due;
  }
  const gaps = starts
    .slice(1)
    .map((start, i) => start - starts[i])
    .sort((a, z) => a - z);
  return {
    overMs,
    requests,
    episodes: starts.length,
    medianIntervalMs: gaps.length === 0 ? NaN : gaps[Math.floor(gaps.length / 2)],
  };
}

function percentiles(values: Float64Array): Latency {
  const sorted = values.slice().sort();
  const at = (q: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: at(1), mean };
}

/**
 * Open loop at a fixed rate: request i is due at start + i/rate, whatever happened to the earlier
 * ones, and its latency counts from that moment. autocannon's `overallRate` is not used because it
 * paces by the second: each connection sends its quota back to back as each second starts and then
 * waits, which measures bursts of queueing, and it pads its histogram with synthetic samples
 * computed from a 1 ms "expected interval". Latency from the due time is what a client sending
 * steadily at this rate would see, generator delays included (coordinated omission is avoided);
 * `serviceLatency` and `maxSendLagMs` tell the generator's share apart.
 */
export function pacedLoad(
  baseUrl: string,
  paths: readonly string[],
  options: {
    readonly rate: number;
    readonly seconds: number;
    readonly maxSockets: number;
    readonly slowMs: number;
    /** Called as each request ends, answered or failed: for a live count. */
    readonly onDone?: () => void;
  },
  signal: AbortSignal,
): Promise<PacedFigures> {
  const { rate, seconds, maxSockets, slowMs, onDone } = options;
  const { hostname, port } = new URL(baseUrl);
  // lifo reuses the most recently used socket: the few that the rate needs stay warm.
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
  const total = Math.max(1, Math.round(rate * seconds));
  const fromDue = new Float64Array(total);
  const fromSend = new Float64Array(total);
  const intervalMs = 1000 / rate;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let done = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let maxSendLagMs = 0;
  let lastEnd = 0;
  const failures: Record<string, number> = {};

  return new Promise((resolve, reject) => {
    // Ctrl-C: stop sending and drop the connections, so the API's graceful exit is not kept waiting.
    const abort = () => {
      agent.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    const start = performance.now();
    const finish = (i: number, due: number, sentAt: number, status: number, failure?: string) => {
      const end = performance.now();
      fromDue[i] = end - due;
      fromSend[i] = end - sentAt;
      lastEnd = end;
      inFlight--;
      if (status >= 200 && status < 300) ok++;
      else if (status > 0) non2xx++;
      else errors++;
      if (status < 200 || status >= 300) {
        const what = failure ?? `HTTP ${status}`;
        failures[what] = (failures[what] ?? 0) + 1;
      }
      onDone?.();
      if (++done === total) {
        signal.removeEventListener('abort', abort);
        agent.destroy();
        resolve({
          connections: maxSockets,
          rate,
          seconds: (lastEnd - start) / 1000,
          ok,
          non2xx,
          errors,
          reqPerSec: ok / ((lastEnd - start) / 1000),
          latency: percentiles(fromDue),
          serviceLatency: percentiles(fromSend),
          maxSendLagMs,
          maxInFlight,
          slow: slowEpisodes(fromDue, intervalMs, slowMs),
          failures,
        });
      }
    };
    const send = (i: number) => {
      const due = start + i * intervalMs;
      const sentAt = performance.now();
      maxSendLagMs = Math.max(maxSendLagMs, sentAt - due);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      let settled = false;
      const settle = (status: number, error?: Error) => {
        if (settled) return;
        settled = true;
        finish(i, due, sentAt, status, error && ((error as NodeJS.ErrnoException).code ?? error.message));
      };
      const outgoing = request(
        { agent, hostname, port, path: paths[i % paths.length], timeout: TIMEOUT_MS },
        (response) => {
          // The body is read whole, as a client would, but not kept: the correctness pass checked bodies.
          response.resume();
          response.on('end', () => settle(response.statusCode ?? 0));
          response.on('error', (error) => settle(0, error));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', (error) => settle(0, error));
      outgoing.end();
    };
    let sent = 0;
    // Timers fire a millisecond or so late: each tick sends everything due by now, then sleeps
    // until the next request is due.
    const tick = () => {
      if (signal.aborted) return;
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) send(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
}
