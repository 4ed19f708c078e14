import { join } from 'node:path';

/** How the API is started in each configuration the overhead bench compares. */
export interface Configuration {
  readonly key: 'off' | 'metrics' | 'sentry' | 'scale0' | 'scale10' | 'unsent100' | 'scale100' | 'anchor';
  readonly label: string;
  /** The per-request RED histogram. */
  readonly metrics: boolean;
  /** Which `--import` entry: none, the API's own, or the upstream configuration kept as the anchor. */
  readonly entry: 'none' | 'scale' | 'anchor';
  /** Share of traces sampled; undefined: tracing off (no entry, or OTEL_SDK_DISABLED=true). */
  readonly sampling: number | undefined;
  /** Whether Sentry is on (a DSN pointing at the sink). */
  readonly sentry: boolean;
  /**
   * Whether the spans are exported. Unsent (OTEL_TRACES_EXPORTER=none), every span is still made,
   * ended and kept from nothing: against the configuration that sends them, what the export costs.
   */
  readonly exported: boolean;
}

export const CONFIGURATIONS: readonly Configuration[] = [
  { key: 'off', label: 'off', metrics: false, entry: 'none', sampling: undefined, sentry: false, exported: false },
  {
    key: 'metrics',
    label: 'metrics only',
    metrics: true,
    entry: 'none',
    sampling: undefined,
    sentry: false,
    exported: false,
  },
  {
    key: 'sentry',
    label: 'Sentry only',
    metrics: false,
    entry: 'scale',
    sampling: undefined,
    sentry: true,
    exported: false,
  },
  { key: 'scale0', label: 'scale, 0%', metrics: true, entry: 'scale', sampling: 0, sentry: true, exported: true },
  { key: 'scale10', label: 'scale, 10%', metrics: true, entry: 'scale', sampling: 0.1, sentry: true, exported: true },
  { key: 'unsent100', label: 'unsent 100%', metrics: true, entry: 'scale', sampling: 1, sentry: true, exported: false },
  { key: 'scale100', label: 'scale, 100%', metrics: true, entry: 'scale', sampling: 1, sentry: true, exported: true },
  { key: 'anchor', label: 'anchor, 100%', metrics: true, entry: 'anchor', sampling: 1, sentry: true, exported: true },
];

/** The compiled anchor entry, beside this file in dist/. */
export function anchorInstrumentEntry(): string {
  return join(__dirname, 'anchor-instrument.js');
}

/** Where an instrumented API sends its spans and its Sentry envelopes. */
export interface Backends {
  readonly otlpEndpoint: string;
  readonly sentryDsn: string;
}

/**
 * The API's environment over the bench's: every OTEL_* and SENTRY_* variable of the bench's own
 * environment removed (one left in the shell, OTEL_SDK_DISABLED say, would change what is measured),
 * then the standard variables of the configuration, as a deployment would set them.
 */
export function configurationEnv(
  configuration: Configuration,
  backends: Backends | undefined,
  inherited: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.keys(inherited)
      .filter((name) => name.startsWith('OTEL_') || name.startsWith('SENTRY_'))
      .map((name) => [name, undefined]),
  );
  env.HTTP_REQUEST_METRICS = String(configuration.metrics);
  if (configuration.entry === 'none' || backends === undefined) return env;
  if (configuration.sentry) env.SENTRY_DSN = backends.sentryDsn;
  if (configuration.sampling === undefined) {
    env.OTEL_SDK_DISABLED = 'true';
    return env;
  }
  Object.assign(env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: backends.otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  });
  if (!configuration.exported) env.OTEL_TRACES_EXPORTER = 'none';
  // Parent-based, as deployed: the load generator sends no traceparent, so each request is a root
  // and the ratio decides; without these variables the SDK samples every trace.
  if (configuration.sampling < 1) {
    Object.assign(env, {
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: String(configuration.sampling),
    });
  }
  return env;
}
