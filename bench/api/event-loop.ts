/**
 * The longest the API's event loop was held up since the last call, in ms, from prom-client's
 * `nodejs_eventloop_lag_max_seconds` on its /metrics (prom-client resets that histogram at every
 * scrape, so a call before a phase and one after it bound the phase). A request slower than this
 * was not held up in the API's event loop but around it: the scheduler, the network, the client.
 */
export async function eventLoopDelayMaxMs(baseUrl: string, signal?: AbortSignal): Promise<number | undefined> {
  const response = await fetch(`${baseUrl}/metrics`, { signal });
  const text = await response.text();
  if (!response.ok) return undefined;
  const line = /^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text);
  const seconds = line ? Number(line[1]) : Number.NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
