import { gunzipSync } from 'node:zlib';

/*
 * Just enough of two wire formats to say what the API exported: OTLP's protobuf trace request
 * (which spans, from which instrumentation, how many traces) and Sentry's envelope (which item
 * types). Walking the protobuf by hand skips every field but the few read here, so the sink stays
 * cheap beside the load it measures, and no generated code is needed.
 */

/** Span kinds as OTLP numbers them. */
const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const SERVER = 2;

/** Spans by instrumentation scope, kind and name, as `scope kind name`. */
export type SpanTally = Map<string, number>;

export interface TraceCounts {
  readonly spans: number;
  /**
   * Server spans without a parent: the load generator sends no traceparent, so one per traced
   * request. Other parentless spans (the app's start, say) belong to no request.
   */
  readonly roots: number;
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** A forward-only reader of protobuf fields within [start, end) of a buffer. */
class Fields {
  private at: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.at = start;
  }

  /** The next field's number and wire type, its value range (length-delimited) or value (varint). */
  next(): { field: number; start: number; end: number; value: number } | undefined {
    if (this.at >= this.end) return undefined;
    const tag = this.varint();
    const field = Math.floor(tag / 8);
    switch (tag % 8) {
      case VARINT:
        return { field, start: this.at, end: this.at, value: this.varint() };
      case FIXED64:
        return this.skip(field, 8);
      case LENGTH_DELIMITED:
        return this.skip(field, this.varint());
      case FIXED32:
        return this.skip(field, 4);
      default:
        throw new Error(`unsupported protobuf wire type ${tag % 8} at byte ${this.at}`);
    }
  }

  private skip(field: number, length: number) {
    const start = this.at;
    this.at += length;
    if (this.at > this.end) {
      throw new Error(`protobuf field ${field} runs past its message (byte ${this.at} of ${this.end})`);
    }
    return { field, start, end: this.at, value: length };
  }

  /** Multiplies rather than shifts: lengths and tags fit a double, and shifts stop at 32 bits. */
  private varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.end) throw new Error('protobuf varint runs past its message');
      const byte = this.bytes[this.at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }
}

const text = new TextDecoder();

function scopeName(bytes: Uint8Array, start: number, end: number): string {
  const fields = new Fields(bytes, start, end);
  for (let f = fields.next(); f; f = fields.next()) {
    if (f.field === 1) return text.decode(bytes.subarray(f.start, f.end));
  }
  return '';
}

/**
 * Counts the spans of one ExportTraceServiceRequest into `tally`. Field numbers from
 * opentelemetry/proto trace/v1 and collector/trace/v1: request.resource_spans = 1,
 * ResourceSpans.scope_spans = 2, ScopeSpans.scope = 1 and .spans = 2, Scope.name = 1,
 * Span.parent_span_id = 4, .name = 5, .kind = 6.
 */
export function tallySpans(body: Uint8Array, tally: SpanTally): TraceCounts {
  let spans = 0;
  let roots = 0;
  const request = new Fields(body);
  for (let resourceSpans = request.next(); resourceSpans; resourceSpans = request.next()) {
    if (resourceSpans.field !== 1) continue;
    const inResource = new Fields(body, resourceSpans.start, resourceSpans.end);
    for (let scopeSpans = inResource.next(); scopeSpans; scopeSpans = inResource.next()) {
      if (scopeSpans.field !== 2) continue;
      // The scope comes first as the SDK writes it, but the format does not promise that.
      let scope = '';
      const spanRanges: Array<[number, number]> = [];
      const inScope = new Fields(body, scopeSpans.start, scopeSpans.end);
      for (let f = inScope.next(); f; f = inScope.next()) {
        if (f.field === 1) scope = scopeName(body, f.start, f.end);
        else if (f.field === 2) spanRanges.push([f.start, f.end]);
      }
      for (const [start, end] of spanRanges) {
        let name = '';
        let kind = 0;
        let hasParent = false;
        const inSpan = new Fields(body, start, end);
        for (let f = inSpan.next(); f; f = inSpan.next()) {
          if (f.field === 4) hasParent = f.end > f.start;
          else if (f.field === 5) name = text.decode(body.subarray(f.start, f.end));
          else if (f.field === 6) kind = f.value;
        }
        spans++;
        if (!hasParent && kind === SERVER) roots++;
        const key = `${scope || '(no scope)'} ${KINDS[kind] ?? kind} ${name}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
      }
    }
  }
  return { spans, roots };
}

/**
 * The item types of one Sentry envelope (`event`, `transaction`, `sessions`...): a header line,
 * then per item a header line and a payload, whose length the item header may give (else it runs
 * to the next newline). Bodies above Sentry's threshold arrive gzipped.
 */
export function envelopeItemTypes(body: Buffer, gzipped: boolean): string[] {
  const bytes = gzipped ? gunzipSync(body) : body;
  const types: string[] = [];
  let at = lineEnd(bytes, 0) + 1;
  while (at < bytes.length) {
    const headerEnd = lineEnd(bytes, at);
    const line = bytes.subarray(at, headerEnd).toString('utf8').trim();
    if (line === '') {
      at = headerEnd + 1;
      continue;
    }
    const header = JSON.parse(line) as { type?: string; length?: number };
    types.push(header.type ?? '(untyped)');
    const payloadStart = headerEnd + 1;
    at = (typeof header.length === 'number' ? payloadStart + header.length : lineEnd(bytes, payloadStart)) + 1;
  }
  return types;
}

function lineEnd(bytes: Buffer, from: number): number {
  const end = bytes.indexOf(0x0a, from);
  return end === -1 ? bytes.length : end;
}
