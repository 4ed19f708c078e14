import type { Attributes, AttributeValue, TraceState } from '@opentelemetry/api';
import { ProtobufWriter, varintLength, writeVarint } from './protobuf-writer';

/*
 * Field numbers of OTLP's trace protocol (opentelemetry/proto/trace/v1/trace.proto,
 * common/v1/common.proto, resource/v1/resource.proto), for the messages written here.
 */
const REQUEST_RESOURCE_SPANS = 1;
const RESOURCE_SPANS_RESOURCE = 1;
const RESOURCE_SPANS_SCOPE_SPANS = 2;
const RESOURCE_ATTRIBUTES = 1;
const SCOPE_SPANS_SCOPE = 1;
const SCOPE_SPANS_SPANS = 2;
const SCOPE_NAME = 1;
const SCOPE_VERSION = 2;
const SPAN_TRACE_ID = 1;
const SPAN_SPAN_ID = 2;
const SPAN_TRACE_STATE = 3;
const SPAN_PARENT_SPAN_ID = 4;
const SPAN_NAME = 5;
const SPAN_KIND = 6;
const SPAN_START = 7;
const SPAN_END = 8;
const SPAN_ATTRIBUTES = 9;
const SPAN_DROPPED_ATTRIBUTES = 10;
const SPAN_EVENTS = 11;
const SPAN_LINKS = 13;
const SPAN_STATUS = 15;
const SPAN_FLAGS = 16;
const EVENT_TIME = 1;
const EVENT_NAME = 2;
const EVENT_ATTRIBUTES = 3;
const LINK_TRACE_ID = 1;
const LINK_SPAN_ID = 2;
const LINK_TRACE_STATE = 3;
const LINK_ATTRIBUTES = 4;
const LINK_FLAGS = 6;
const STATUS_MESSAGE = 2;
const STATUS_CODE = 3;
const KEY_VALUE_KEY = 1;
const KEY_VALUE_VALUE = 2;
const ANY_STRING = 1;
const ANY_BOOL = 2;
const ANY_INT = 3;
const ANY_DOUBLE = 4;
const ANY_ARRAY = 5;
const ARRAY_VALUES = 1;

/** SpanFlags: the low byte carries the W3C trace flags; these two say whether the parent was remote. */
const FLAGS_HAS_IS_REMOTE = 0x100;
const FLAGS_IS_REMOTE = 0x200;

export interface EncodedEvent {
  readonly name: string;
  readonly epochMs: number;
  readonly attributes?: Attributes;
}

export interface EncodedLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState?: string;
  readonly traceFlags: number;
  readonly isRemote?: boolean;
  readonly attributes?: Attributes;
}

/** A span's identity and parentage, fixed when it starts. */
export interface SpanIdentity {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: TraceState | undefined;
  readonly parentSpanId: string | undefined;
  readonly parentIsRemote: boolean;
  readonly traceFlags: number;
}

/** What one finished span record holds, in the terms OTLP writes it. */
export interface SpanFields extends SpanIdentity {
  readonly name: string;
  /** The API's SpanKind (INTERNAL 0, SERVER 1, …); OTLP numbers them one higher. */
  readonly kind: number;
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  readonly attributes: Attributes;
  readonly droppedAttributes: number;
  readonly events: readonly EncodedEvent[] | undefined;
  readonly links: readonly EncodedLink[] | undefined;
  /** The API's SpanStatusCode: UNSET 0, OK 1, ERROR 2, the same numbers as OTLP's. */
  readonly statusCode: number;
  readonly statusMessage: string | undefined;
}

/** One `Span` message of a `ScopeSpans`, appended to `writer`. */
export function writeSpan(writer: ProtobufWriter, span: SpanFields): void {
  const body = writer.begin(SCOPE_SPANS_SPANS);
  writer.hexBytes(SPAN_TRACE_ID, span.traceId);
  writer.hexBytes(SPAN_SPAN_ID, span.spanId);
  const traceState = span.traceState?.serialize();
  if (traceState) writer.string(SPAN_TRACE_STATE, traceState);
  if (span.parentSpanId !== undefined) writer.hexBytes(SPAN_PARENT_SPAN_ID, span.parentSpanId);
  writer.string(SPAN_NAME, span.name);
  writer.int64(SPAN_KIND, span.kind + 1);
  writer.unixNanos(SPAN_START, span.startEpochMs);
  writer.unixNanos(SPAN_END, span.endEpochMs);
  writeAttributes(writer, SPAN_ATTRIBUTES, span.attributes);
  if (span.droppedAttributes > 0) writer.int64(SPAN_DROPPED_ATTRIBUTES, span.droppedAttributes);
  for (const event of span.events ?? []) writeEvent(writer, event);
  for (const link of span.links ?? []) writeLink(writer, link);
  if (span.statusCode !== 0 || span.statusMessage) {
    const status = writer.begin(SPAN_STATUS);
    if (span.statusMessage) writer.string(STATUS_MESSAGE, span.statusMessage);
    if (span.statusCode !== 0) writer.int64(STATUS_CODE, span.statusCode);
    writer.end(status);
  }
  // As upstream writes them: whether the parent is remote is known (a root's is not), and said.
  const remote = FLAGS_HAS_IS_REMOTE | (span.parentIsRemote ? FLAGS_IS_REMOTE : 0);
  writer.fixed32(SPAN_FLAGS, (span.traceFlags & 0xff) | remote);
  writer.end(body);
}

function writeEvent(writer: ProtobufWriter, event: EncodedEvent): void {
  const body = writer.begin(SPAN_EVENTS);
  writer.unixNanos(EVENT_TIME, event.epochMs);
  writer.string(EVENT_NAME, event.name);
  if (event.attributes) writeAttributes(writer, EVENT_ATTRIBUTES, event.attributes);
  writer.end(body);
}

function writeLink(writer: ProtobufWriter, link: EncodedLink): void {
  const body = writer.begin(SPAN_LINKS);
  writer.hexBytes(LINK_TRACE_ID, link.traceId);
  writer.hexBytes(LINK_SPAN_ID, link.spanId);
  if (link.traceState) writer.string(LINK_TRACE_STATE, link.traceState);
  if (link.attributes) writeAttributes(writer, LINK_ATTRIBUTES, link.attributes);
  writer.fixed32(LINK_FLAGS, (link.traceFlags & 0xff) | FLAGS_HAS_IS_REMOTE | (link.isRemote ? FLAGS_IS_REMOTE : 0));
  writer.end(body);
}

/** Each attribute as a `KeyValue`; undefined and null values are left out, as the SDK leaves them. */
export function writeAttributes(writer: ProtobufWriter, field: number, attributes: Attributes): void {
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    const pair = writer.begin(field);
    writer.string(KEY_VALUE_KEY, key);
    const any = writer.begin(KEY_VALUE_VALUE);
    writeAnyValue(writer, value);
    writer.end(any);
    writer.end(pair);
  }
}

function writeAnyValue(
  writer: ProtobufWriter,
  value: AttributeValue | string | number | boolean | null | undefined,
): void {
  if (typeof value === 'string') return writer.string(ANY_STRING, value);
  if (typeof value === 'boolean') return writer.bool(ANY_BOOL, value);
  if (typeof value === 'number') {
    // As upstream's encoder: integers as int_value, every other number as double_value.
    return Number.isSafeInteger(value) ? writer.int64(ANY_INT, value) : writer.double(ANY_DOUBLE, value);
  }
  // An array's null or undefined elements stay, as empty values, so that the others keep their places.
  if (!Array.isArray(value)) return;
  const array = writer.begin(ANY_ARRAY);
  for (const element of value as ReadonlyArray<string | number | boolean | null | undefined>) {
    const any = writer.begin(ARRAY_VALUES);
    writeAnyValue(writer, element);
    writer.end(any);
  }
  writer.end(array);
}

/** The `Resource` field of a `ResourceSpans`, written once per process. */
export function resourceBytes(attributes: Attributes): Buffer {
  const writer = new ProtobufWriter(1_024);
  const body = writer.begin(RESOURCE_SPANS_RESOURCE);
  writeAttributes(writer, RESOURCE_ATTRIBUTES, attributes);
  writer.end(body);
  return Buffer.from(writer.written());
}

/** The `InstrumentationScope` field of a `ScopeSpans`, written once per scope. */
export function scopeBytes(name: string, version: string | undefined): Buffer {
  const writer = new ProtobufWriter(256);
  const body = writer.begin(SCOPE_SPANS_SCOPE);
  writer.string(SCOPE_NAME, name);
  if (version) writer.string(SCOPE_VERSION, version);
  writer.end(body);
  return Buffer.from(writer.written());
}

/** One scope's spans for a request: its scope field, and its `Span` messages back to back. */
export interface ScopeSpansParts {
  readonly scope: Uint8Array;
  readonly spans: readonly Uint8Array[];
}

/** Tags of the two length-delimited fields that frame a request: resource_spans (1), scope_spans (2). */
const RESOURCE_SPANS_TAG = (REQUEST_RESOURCE_SPANS << 3) | 2;
const SCOPE_SPANS_TAG = (RESOURCE_SPANS_SCOPE_SPANS << 3) | 2;

/**
 * An `ExportTraceServiceRequest` of one resource, from parts already written: its size is known
 * before a byte is written, so the parts are copied once, into memory of exactly that size that is
 * the request's alone (it can be handed to another thread without a copy).
 */
export function traceRequest(resource: Uint8Array, scopes: readonly ScopeSpansParts[]): Uint8Array {
  const scopeBodies = scopes.map(({ scope, spans }) => spans.reduce((size, span) => size + span.length, scope.length));
  const resourceBody = scopeBodies.reduce((size, body) => size + 1 + varintLength(body) + body, resource.length);
  const request = new Uint8Array(new ArrayBuffer(1 + varintLength(resourceBody) + resourceBody));
  let at = 0;
  const prefix = (tag: number, length: number) => {
    request[at++] = tag;
    at = writeVarint(request, at, length);
  };
  const put = (bytes: Uint8Array) => {
    request.set(bytes, at);
    at += bytes.length;
  };
  prefix(RESOURCE_SPANS_TAG, resourceBody);
  put(resource);
  scopes.forEach(({ scope, spans }, index) => {
    prefix(SCOPE_SPANS_TAG, scopeBodies[index]);
    put(scope);
    for (const span of spans) put(span);
  });
  return request;
}
