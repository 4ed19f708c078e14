import { Counter, Registry } from 'prom-client';
import { onUnhandledError } from './telemetry/sentry';

export type ErrorEventKind = 'http_5xx' | 'unhandled';

const counters = new WeakMap<Registry, Counter<'kind'>>();

/**
 * `scale_error_events_total`: the errors this process reported as events (to Sentry when it is on),
 * so an error spike pages through Prometheus whether or not a Sentry is there to see it.
 */
export function registerErrorEvents(registry: Registry): void {
  const counter = new Counter({
    name: 'scale_error_events_total',
    help: 'Error events this process reported: requests answered 5xx, and errors that escaped every handler.',
    labelNames: ['kind'],
    registers: [registry],
  });
  // Both series exist from the start, so rate() sees the first error.
  for (const kind of ['http_5xx', 'unhandled'] as const) counter.inc({ kind }, 0);
  onUnhandledError(() => counter.inc({ kind: 'unhandled' }));
  counters.set(registry, counter);
}

export function countErrorEvent(registry: Registry, kind: ErrorEventKind): void {
  counters.get(registry)?.inc({ kind });
}
