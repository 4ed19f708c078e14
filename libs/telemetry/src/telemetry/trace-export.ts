/**
 * Whether the standard `OTEL_*` variables ask for spans to be exported. When they do, the SDK builds
 * the exporters from them (OTLP over http/protobuf by default). When they do not (the embedded
 * defaults, where no collector listens), spans are still made, because log lines, exemplars and
 * Sentry events carry their trace ids, but they are not sent anywhere.
 */
export function tracesExportConfigured(env: NodeJS.ProcessEnv): boolean {
  const exporters = namedExporters(env);
  if (exporters.length > 0) return true;
  if ((env.OTEL_TRACES_EXPORTER ?? '').trim() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * Who writes the spans every request makes (the server span, the similarity query): span records
 * (span-records/), when the export is OTLP over http/protobuf, the default, or when nothing is
 * exported; the SDK, for any other exporter `OTEL_TRACES_EXPORTER` or the protocol variables name
 * (console, zipkin, gRPC, JSON), which the records do not speak.
 */
export function requestSpanWriter(env: NodeJS.ProcessEnv): 'records' | 'records-unexported' | 'sdk' {
  if (!tracesExportConfigured(env)) return 'records-unexported';
  const exporters = namedExporters(env);
  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ||
    env.OTEL_EXPORTER_OTLP_PROTOCOL ||
    'http/protobuf'
  ).trim();
  const otlpOnly = exporters.length === 0 || (exporters.length === 1 && exporters[0] === 'otlp');
  return otlpOnly && protocol === 'http/protobuf' ? 'records' : 'sdk';
}

/** The exporters `OTEL_TRACES_EXPORTER` names, `none` and blanks left out. */
function namedExporters(env: NodeJS.ProcessEnv): string[] {
  return (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name !== 'none');
}
