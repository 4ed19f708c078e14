import { trace } from '@opentelemetry/api';
import { isValidSpanContext } from './span-context-validity';

export interface TraceIds {
  readonly trace_id: string;
  readonly span_id: string;
  readonly trace_flags: string;
}

/** The ids of the span running now, as log fields (OpenTelemetry's log data model names). */
export function activeTraceIds(): TraceIds | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isValidSpanContext(context)) return undefined;
  return { trace_id: context.traceId, span_id: context.spanId, trace_flags: `0${context.traceFlags.toString(16)}` };
}
