import type {
  Attributes,
  AttributeValue,
  Exception,
  Link,
  Span,
  SpanAttributes,
  SpanContext,
  SpanStatus,
  TimeInput,
  TraceState,
} from '@opentelemetry/api';
import type { SpanLimits } from '@opentelemetry/sdk-trace';
import type { EncodedEvent, EncodedLink, SpanFields, SpanIdentity } from './otlp-span-encoding';

/** Where a span record goes when it ends: written for export, or nowhere when nothing exports. */
export interface SpanRecordSink {
  record(span: SpanFields, scope: number): void;
}

/** Everything a record needs from its tracer, shared by all its spans. */
export interface RecordScope {
  readonly sink: SpanRecordSink | undefined;
  /** The scope's index in the sink. */
  readonly index: number;
  readonly limits: Required<
    Pick<SpanLimits, 'attributeValueLengthLimit' | 'attributeCountLimit' | 'eventCountLimit' | 'linkCountLimit'>
  >;
}

/**
 * A sampled span as a plain record: what OTLP will carry of it and nothing more. The SDK's span keeps
 * a resource, a scope, a clock, limits merged per span and span-count metrics, and sanitizes each
 * attribute as it is set; on the similar-songs endpoint its two spans cost ~15 µs a request before any
 * export (bench:overhead --profile). A record takes its time from `performance.now()`, keeps attributes
 * in one object and is written out once, as OTLP protobuf, when it ends (span-record-export.ts).
 */
export class RecordedSpan implements Span, SpanContext, SpanFields {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: TraceState | undefined;
  /** As a span context: this process's own span, not a caller's. */
  readonly isRemote = false;
  readonly parentSpanId: string | undefined;
  readonly parentIsRemote: boolean;
  readonly traceFlags: number;
  readonly startEpochMs: number;
  endEpochMs = 0;
  attributes: Attributes = {};
  droppedAttributes = 0;
  events: EncodedEvent[] | undefined;
  links: EncodedLink[] | undefined;
  statusCode = 0;
  statusMessage: string | undefined;
  private attributeCount = 0;
  private ended = false;

  constructor(
    private readonly scope: RecordScope,
    identity: SpanIdentity,
    public name: string,
    readonly kind: number,
    startTime?: TimeInput,
  ) {
    this.traceId = identity.traceId;
    this.spanId = identity.spanId;
    this.traceState = identity.traceState;
    this.parentSpanId = identity.parentSpanId;
    this.parentIsRemote = identity.parentIsRemote;
    this.traceFlags = identity.traceFlags;
    this.startEpochMs = epochMs(startTime);
  }

  /** The record is its own span context: asked for on every exemplar and log line, it costs no object. */
  spanContext(): SpanContext {
    return this;
  }

  setAttribute(key: string, value: SpanAttributeValue): this {
    if (this.ended || value === undefined || value === null || key === '') return this;
    if (!(key in this.attributes)) {
      if (this.attributeCount >= this.scope.limits.attributeCountLimit) {
        this.droppedAttributes += 1;
        return this;
      }
      this.attributeCount += 1;
    }
    this.attributes[key] = truncated(value, this.scope.limits.attributeValueLengthLimit);
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key] as SpanAttributeValue);
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const events = (this.events ??= []);
    if (events.length >= this.scope.limits.eventCountLimit) events.shift();
    const timeGiven = isTimeInput(attributesOrTime);
    events.push({
      name,
      epochMs: epochMs(timeGiven ? attributesOrTime : time),
      attributes: timeGiven ? undefined : attributesOrTime,
    });
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    const links = (this.links ??= []);
    if (links.length >= this.scope.limits.linkCountLimit) return this;
    const { context, attributes } = link;
    links.push({
      traceId: context.traceId,
      spanId: context.spanId,
      traceState: context.traceState?.serialize(),
      traceFlags: context.traceFlags,
      isRemote: context.isRemote,
      attributes,
    });
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus({ code, message }: SpanStatus): this {
    if (this.ended) return this;
    this.statusCode = code;
    this.statusMessage = message;
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    this.endEpochMs = Math.max(this.startEpochMs, epochMs(endTime));
    this.scope.sink?.record(this, this.scope.index);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  /** As the SDK records one: an `exception` event with the semantic-convention attributes. */
  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else {
      const { name, code, message, stack } = exception;
      if (name !== undefined || code !== undefined) attributes['exception.type'] = name ?? String(code);
      if (message !== undefined) attributes['exception.message'] = message;
      if (stack !== undefined) attributes['exception.stacktrace'] = stack;
    }
    this.addEvent('exception', attributes, time);
  }
}

type SpanAttributeValue = AttributeValue | undefined | null;

function truncated(value: AttributeValue, limit: number): AttributeValue {
  if (typeof value === 'string') return value.length > limit ? value.slice(0, limit) : value;
  if (!Array.isArray(value)) return value;
  return (value as unknown[]).map((element) =>
    typeof element === 'string' && element.length > limit ? element.slice(0, limit) : element,
  ) as AttributeValue;
}

function isTimeInput(value: SpanAttributes | TimeInput | undefined): value is TimeInput {
  return (
    typeof value === 'number' ||
    value instanceof Date ||
    (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number')
  );
}

/**
 * A time input as epoch milliseconds. Numbers below the performance clock's origin are read as that
 * clock's readings (`performance.now()`), larger ones as epoch milliseconds, as the SDK reads them.
 */
export function epochMs(time: TimeInput | undefined): number {
  const origin = performance.timeOrigin;
  if (time === undefined) return origin + performance.now();
  if (typeof time === 'number') return time < origin ? origin + time : time;
  if (time instanceof Date) return time.getTime();
  return time[0] * 1_000 + time[1] / 1e6;
}
