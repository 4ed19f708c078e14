import { SpanKind, TraceFlags } from '@opentelemetry/api';
import { SPAN_LIMITS } from '@scale/telemetry/telemetry/span-pipeline';
import { RecordedSpan, type SpanRecordSink } from '@scale/telemetry/telemetry/span-records/recorded-span';

let nextId = 1;

/** Ends a server span record per name, each a root of its own trace, into `sink` under `scope`. */
export function endRecords(sink: SpanRecordSink, scope: number, names: readonly string[], sampled = true): void {
  for (const name of names) {
    const id = (nextId++).toString(16).padStart(16, '0');
    const identity = {
      traceId: id.repeat(2),
      spanId: id,
      traceState: undefined,
      parentSpanId: undefined,
      parentIsRemote: false,
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    };
    new RecordedSpan({ sink, index: scope, limits: SPAN_LIMITS }, identity, name, SpanKind.SERVER).end();
  }
}
