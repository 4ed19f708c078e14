import { describe, expect, it } from 'vitest';
import { tracesExportConfigured } from './trace-export';

describe('tracesExportConfigured', () => {
  it('is off without any OTEL_* exporter setting', () => {
    expect(tracesExportConfigured({})).toBe(false);
  });
  it('is on when an OTLP endpoint is given, for all signals or for traces', () => {
    expect(tracesExportConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracesExportConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
  });
  it('follows OTEL_TRACES_EXPORTER, where none wins over an endpoint', () => {
    expect(tracesExportConfigured({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracesExportConfigured({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(
      false,
    );
  });
});
