import protobuf from 'protobufjs';

/*
 * The messages of OTLP's trace export request (opentelemetry-proto v1: collector/trace/v1,
 * trace/v1, common/v1, resource/v1), as their .proto files define them, for decoding what an
 * exporter sends with protobufjs. No OpenTelemetry Collector can run on these machines; this plays its
 * decoder. Fields are only those of the trace signal's messages; entity refs and profiles are left out.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }

message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message InstrumentationScope {
  string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
}

message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4;
  fixed32 flags = 16; string name = 5; int32 kind = 6;
  fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14;
  Status status = 15;
  message Event {
    fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
  }
  message Link {
    bytes trace_id = 1; bytes span_id = 2; string trace_state = 3;
    repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6;
  }
}
message Status { string message = 2; int32 code = 3; }

message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
`;

const root = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: false }).root;
const request = root.lookupType('otlp.ExportTraceServiceRequest');

/**
 * An OTLP/HTTP protobuf trace request as the JSON encoding writes it: ids in hex, 64-bit integers
 * as decimal strings, field names in lowerCamelCase, so that both encodings read the same.
 */
export function decodeTraceRequest(bytes: Uint8Array): unknown {
  const message = request.decode(bytes);
  return rewriteIds(request.toObject(message, { longs: String, bytes: Buffer, defaults: false, oneofs: false }));
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/**
 * Ids to hex, other bytes to base64, and zero dropped-counts left out: proto3 reads an absent field and
 * a zero alike, and encoders differ in which they write.
 */
function rewriteIds(value: unknown, key = ''): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString(ID_FIELDS.has(key) ? 'hex' : 'base64');
  if (Array.isArray(value)) return value.map((element) => rewriteIds(element));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name, field]) => !(name.startsWith('dropped') && field === 0))
      .map(([name, field]) => [name, rewriteIds(field, name)]),
  );
}
