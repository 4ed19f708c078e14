import { trace, type Tracer } from '@opentelemetry/api';

let makeTracer: ((name: string, version?: string) => Tracer) | undefined;
const tracers = new Map<string, Tracer>();

/** Set by `startTelemetry` when span records write the request spans; undefined leaves the SDK's tracers. */
export function useRequestTracers(factory: ((name: string, version?: string) => Tracer) | undefined): void {
  makeTracer = factory;
  tracers.clear();
}

/**
 * The tracer for spans a request makes on every call, the similarity query's say: span records when
 * telemetry runs with them, otherwise the global provider's tracer (the SDK's, or the API's no-op
 * one in a process started without telemetry). Ask for it once telemetry has started, not at import.
 */
export function requestTracer(name: string, version?: string): Tracer {
  if (makeTracer === undefined) return trace.getTracer(name, version);
  const key = `${name}@${version ?? ''}`;
  let tracer = tracers.get(key);
  if (tracer === undefined) tracers.set(key, (tracer = makeTracer(name, version)));
  return tracer;
}
