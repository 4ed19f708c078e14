import type { SpanLimits } from '@opentelemetry/sdk-trace';

/**
 * Bounds on what one span may carry. The pg instrumentation puts each statement's text on its span;
 * the extractor's batch inserts are long, and a span is copied whole into the export batch.
 */
export const SPAN_LIMITS = {
  attributeValueLengthLimit: 2_048,
  attributeCountLimit: 64,
  eventCountLimit: 32,
  linkCountLimit: 32,
} satisfies SpanLimits;
