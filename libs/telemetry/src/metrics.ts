import { collectDefaultMetrics, Gauge, Histogram, HistogramConfiguration, Registry } from 'prom-client';
import { registerContainerMetrics, registerContainerResourceMetrics } from './container-metrics';
import { registerErrorEvents } from './error-events';
import { registerProcessIoMetrics } from './process-io-metrics';

export interface MetricsIdentity {
  /** `scale-api`, `scale-extractor`, ... */
  readonly service: string;
  readonly group: string;
  readonly zone: string;
  readonly version: string;
}

/**
 * One Prometheus registry per process. Every series carries service, group and zone, so the
 * control and experiment copies of the pipeline can be compared side by side.
 */
export function createMetricsRegistry(identity: MetricsIdentity): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: identity.service, group: identity.group, zone: identity.zone });
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'scale_build_info',
    help: 'Always 1; the labels say which build of which service this is.',
    labelNames: ['version', 'node_version'],
    registers: [registry],
  }).set({ version: identity.version, node_version: process.versions.node }, 1);
  registerErrorEvents(registry);
  registerContainerMetrics(registry);
  registerContainerResourceMetrics(registry);
  registerProcessIoMetrics(registry);
  return registry;
}

/**
 * A histogram whose observations keep the trace they were made in as an exemplar (observe it with
 * `observeWithExemplar`). prom-client refuses exemplars on a registry whose own renderer writes the
 * classic format, which would drop them; /metrics writes through `renderRegistry` instead, which
 * puts them in the OpenMetrics text, so the histogram is registered directly.
 */
export function exemplarHistogram<T extends string>(
  registry: Registry,
  configuration: Omit<HistogramConfiguration<T>, 'registers' | 'enableExemplars'>,
): Histogram<T> {
  const histogram = new Histogram<T>({ ...configuration, enableExemplars: true, registers: [] });
  registry.registerMetric(histogram);
  return histogram;
}

/** Seconds buckets for HTTP requests that take from a fraction of a millisecond to seconds. */
export const REQUEST_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The OpenTelemetry-named RED histogram of an HTTP server, with trace exemplars. */
export function createHttpServerHistogram(registry: Registry): Histogram<'method' | 'route' | 'status_code'> {
  return exemplarHistogram(registry, {
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests handled by this server, by method, route template and status.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: REQUEST_SECONDS_BUCKETS,
  });
}
