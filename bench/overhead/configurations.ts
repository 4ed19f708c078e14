/** How the API is started in each configuration the overhead bench compares. */
export interface Configuration {
  readonly key: 'off' | 'sampled100' | 'sampled10';
  readonly label: string;
  /** Share of traces sampled; undefined: no instrumentation entry, so neither tracing nor Sentry. */
  readonly sampling: number | undefined;
}

export const CONFIGURATIONS: readonly Configuration[] = [
  { key: 'off', label: 'off', sampling: undefined },
  { key: 'sampled100', label: 'on, 100%', sampling: 1 },
  { key: 'sampled10', label: 'on, 10%', sampling: 0.1 },
];

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
  if (configuration.sampling === undefined || backends === undefined) return env;
  Object.assign(env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: backends.otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    SENTRY_DSN: backends.sentryDsn,
  });
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
