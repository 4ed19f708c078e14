import {
  context,
  SpanKind,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace';
import { isValidSpanContext } from '../span-context-validity';
import { UnsampledSpanContext, type PooledIdGenerator } from '../trace-ids';
import { RecordedSpan, type RecordScope } from './recorded-span';

const NO_ATTRIBUTES = Object.freeze({});
const NO_LINKS = Object.freeze([]) as [];

/**
 * A tracer whose spans are records (recorded-span.ts) rather than the SDK's spans, for the spans
 * every request makes: the server span and the similarity query. The sampler decides first, on the
 * parent's trace id or a new one, and an unsampled span is a non-recording span around an
 * `UnsampledSpanContext` (no span id until one is read). Children the SDK's own tracer makes under a
 * record (pg, outgoing requests) take it as their parent like any other span.
 */
export class SpanRecordTracer implements Tracer {
  constructor(
    private readonly scope: RecordScope,
    private readonly sampler: Sampler,
    private readonly ids: PooledIdGenerator,
  ) {}

  startSpan(name: string, options: SpanOptions = {}, parentContext: Context = context.active()): Span {
    const parentOf = options.root ? trace.deleteSpan(parentContext) : parentContext;
    const caller = trace.getSpanContext(parentOf);
    const parent = caller !== undefined && isValidSpanContext(caller) ? caller : undefined;
    const traceId = parent?.traceId ?? this.ids.generateTraceId();
    const kind = options.kind ?? SpanKind.INTERNAL;
    const sampling = this.sampler.shouldSample(
      parentOf,
      traceId,
      name,
      kind,
      options.attributes ?? NO_ATTRIBUTES,
      options.links ?? NO_LINKS,
    );
    const traceState = sampling.traceState ?? parent?.traceState;
    if (sampling.decision === SamplingDecision.NOT_RECORD) {
      return trace.wrapSpanContext(new UnsampledSpanContext(traceId, traceState, this.ids));
    }
    const identity = {
      traceId,
      spanId: this.ids.generateSpanId(),
      traceState,
      parentSpanId: parent?.spanId,
      parentIsRemote: parent?.isRemote === true,
      traceFlags: sampling.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
    };
    const span = new RecordedSpan(this.scope, identity, name, kind, options.startTime);
    if (options.attributes) span.setAttributes(options.attributes);
    if (sampling.attributes) span.setAttributes(sampling.attributes);
    if (options.links) span.addLinks(options.links);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    parentContext: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : {};
    const parentContext = rest.length > 2 ? (rest[1] as Context) : context.active();
    const span = this.startSpan(name, options, parentContext);
    return context.with(trace.setSpan(parentContext, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}
