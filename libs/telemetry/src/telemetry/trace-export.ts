/**
 * Whether the standard `OTEL_*` variables ask for spans to be exported. When they do, the SDK builds
 * the exporters from them (OTLP over http/protobuf by default). When they do not (the embedded
 * defaults, where no collector listens), spans are still made, because log lines, exemplars and
 * Sentry events carry their trace ids, but they are not sent anywhere.
 */
export function tracesExportConfigured(env: NodeJS.ProcessEnv): boolean {
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name !== 'none');
  if (exporters.length > 0) return true;
  if ((env.OTEL_TRACES_EXPORTER ?? '').trim() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}
