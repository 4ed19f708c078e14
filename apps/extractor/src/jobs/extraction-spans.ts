import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { errorMessage } from '@scale/catalog';

/**
 * The extractor's own spans: a batch, each object in it, the scan, the write. Without an
 * OpenTelemetry SDK (the CLI, the tests) the tracer is a no-op costing well under a microsecond.
 */
const tracer = trace.getTracer('scale-extractor');

/** The outcome of one object, on its span: song, invalid, gone, or store_error. */
export const OUTCOME_ATTRIBUTE = 'scale.extractor.outcome';

/** Runs `work` as the active span `name`, which ends with it and records what it throws. */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** As `inSpan`, for synchronous work. */
export function inSpanSync<T>(name: string, work: () => T): T {
  return tracer.startActiveSpan(name, (span) => {
    try {
      return work();
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export function failed(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
}
