import { trace, TraceFlags, type Span } from '@opentelemetry/api';
import type { Histogram, LabelValues } from 'prom-client';
import { isValidSpanContext } from './telemetry/span-context-validity';

export interface TraceExemplar {
  readonly trace_id: string;
}

/**
 * The exemplar of an observation made under `span`: its trace id, which Grafana turns into a link
 * to the trace. Only for sampled traces, since an unsampled one was never exported; without an
 * OpenTelemetry SDK there is no span, and no exemplar.
 */
export function spanExemplar(span: Span | undefined): TraceExemplar | undefined {
  if (span === undefined) return undefined;
  const context = span.spanContext();
  if ((context.traceFlags & TraceFlags.SAMPLED) === 0 || !isValidSpanContext(context)) return undefined;
  // A request observes several histograms under one trace: they share its exemplar's labels.
  if (last?.trace_id !== context.traceId) last = { trace_id: context.traceId };
  return last;
}

let last: TraceExemplar | undefined;

/** The exemplar of an observation made now, under whichever span is active. */
export function activeSpanExemplar(): TraceExemplar | undefined {
  return spanExemplar(trace.getActiveSpan());
}

/**
 * Observes `seconds` on a histogram created with `enableExemplars` (whose `observe` takes one
 * object), keeping the exemplar when there is one. The exemplar is not one of the histogram's
 * labels, hence the cast.
 */
export function observeWithExemplar<T extends string>(
  histogram: Histogram<T>,
  labels: LabelValues<T>,
  seconds: number,
  exemplar: TraceExemplar | undefined = activeSpanExemplar(),
): void {
  histogram.observe({ labels, value: seconds, exemplarLabels: exemplar as LabelValues<T> | undefined });
}
