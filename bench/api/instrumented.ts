import { startTelemetrySink, type TelemetrySink } from '../overhead/sink';

/** How the bench's API is instrumented: the deployed entry, exporting to a local sink. */
export interface Instrumentation {
  readonly sink: TelemetrySink;
  /** For startApi: the instrument entry's flags and the standard OTEL/SENTRY variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** As printed in the report. */
  readonly description: string;
}

/**
 * The API as deployed: `--import instrument.js`, spans over OTLP (http/protobuf) and Sentry events to
 * a sink that answers at once, parent-based ratio sampling. The load generator sends no traceparent,
 * so every request is a root and the ratio decides. Any OTEL_* or SENTRY_* variable of the bench's own
 * shell is removed first: one left over would change what is measured.
 */
export async function startInstrumentation(sampling: number): Promise<Instrumentation> {
  const sink = await startTelemetrySink();
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.keys(process.env)
      .filter((name) => name.startsWith('OTEL_') || name.startsWith('SENTRY_'))
      .map((name) => [name, undefined]),
  );
  Object.assign(env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    SENTRY_DSN: sink.sentryDsn,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: String(sampling),
  });
  const description = `instrument entry, parent-based sampling at ${(100 * sampling).toFixed(0)}% (OTEL_TRACES_SAMPLER=parentbased_traceidratio), spans over OTLP and Sentry events to a local sink`;
  return { sink, env, description };
}
