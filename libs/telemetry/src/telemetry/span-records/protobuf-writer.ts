const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;
const TWO_32 = 2 ** 32;
const TWO_16 = 2 ** 16;

/**
 * Protocol Buffers output into one growable buffer, for the handful of OTLP messages the span records
 * are written as (otlp-span-encoding.ts). Written here rather than taken from protobufjs because
 * encoding spans is the cost this path exists to cut: protobufjs's writer queues an operation object per
 * field and a fork per nested message, and nothing else installed writes into a caller's buffer.
 * Output is canonical: shortest varints, lengths exact.
 */
export class ProtobufWriter {
  buffer: Buffer;
  position = 0;

  constructor(initialBytes = 16_384) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** The bytes written so far, sharing this writer's memory. */
  written(): Buffer {
    return this.buffer.subarray(0, this.position);
  }

  reset(): void {
    this.position = 0;
  }

  /** An unsigned varint; `value` an integer in [0, 2^53). */
  varint(value: number): void {
    this.reserve(8);
    this.position = writeVarint(this.buffer, this.position, value);
  }

  /** An int64 varint: negatives take ten bytes, two's complement, as protobuf writes them. */
  int64(field: number, value: number): void {
    this.tag(field, VARINT);
    if (value >= 0) return this.varint(value);
    this.reserve(10);
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest >= 0x80n) {
      this.buffer[this.position++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.position++] = Number(rest);
  }

  bool(field: number, value: boolean): void {
    this.tag(field, VARINT);
    this.varint(value ? 1 : 0);
  }

  double(field: number, value: number): void {
    this.tag(field, FIXED64);
    this.reserve(8);
    this.position = this.buffer.writeDoubleLE(value, this.position);
  }

  fixed32(field: number, value: number): void {
    this.tag(field, FIXED32);
    this.reserve(4);
    this.position = this.buffer.writeUInt32LE(value >>> 0, this.position);
  }

  /** A time as OTLP carries it: nanoseconds since the Unix epoch in a fixed64, from epoch milliseconds. */
  unixNanos(field: number, epochMs: number): void {
    this.tag(field, FIXED64);
    this.reserve(8);
    const { low, high } = unixNanosWords(epochMs);
    this.buffer.writeUInt32LE(low, this.position);
    this.buffer.writeUInt32LE(high, this.position + 4);
    this.position += 8;
  }

  /**
   * A UTF-8 string. Most a span carries are short and ASCII (attribute keys, methods, routes, paths):
   * those are copied a character at a time here, which costs less than the two calls into the runtime
   * (`byteLength`, `write`) that any other string takes; the first character past ASCII sends the
   * string down that path instead.
   */
  string(field: number, value: string): void {
    this.tag(field, LENGTH_DELIMITED);
    if (value.length < 0x80 && this.asciiBody(value)) return;
    const length = Buffer.byteLength(value);
    this.varint(length);
    this.reserve(length);
    this.position += this.buffer.write(value, this.position, length, 'utf8');
  }

  /**
   * Bytes given as hex (trace and span ids as the API carries them), decoded a digit pair at a time
   * here rather than by a call into the runtime for each id.
   */
  hexBytes(field: number, hex: string): void {
    const length = hex.length >>> 1;
    this.tag(field, LENGTH_DELIMITED);
    this.varint(length);
    this.reserve(length);
    const { buffer, position } = this;
    for (let index = 0; index < length; index += 1) {
      const high = hexDigit(hex.charCodeAt(2 * index));
      const low = hexDigit(hex.charCodeAt(2 * index + 1));
      if (high < 0 || low < 0) {
        // Not an id the API would hold: what Buffer decodes of it, zero-filled to the declared length.
        const decoded = buffer.write(hex, position, length, 'hex');
        buffer.fill(0, position + decoded, position + length);
        break;
      }
      buffer[position + index] = (high << 4) | low;
    }
    this.position += length;
  }

  /** Bytes already encoded (whole fields), appended as they are. */
  bytesRaw(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.position);
    this.position += value.length;
  }

  /**
   * Opens a nested message: its tag, and one byte for its length, which `end` fills in (moving the
   * body when the length needs more bytes). Returns where the body starts.
   */
  begin(field: number): number {
    this.tag(field, LENGTH_DELIMITED);
    this.reserve(1);
    this.position += 1;
    return this.position;
  }

  end(bodyStart: number): void {
    const length = this.position - bodyStart;
    const lengthBytes = varintLength(length);
    if (lengthBytes > 1) {
      this.reserve(lengthBytes - 1);
      this.buffer.copyWithin(bodyStart + lengthBytes - 1, bodyStart, this.position);
      this.position += lengthBytes - 1;
    }
    writeVarint(this.buffer, bodyStart - 1, length);
  }

  /** The length (one byte: under 128 characters) and body of an all-ASCII string; false, and the position as it is, otherwise. */
  private asciiBody(value: string): boolean {
    const length = value.length;
    this.reserve(1 + length);
    const { buffer } = this;
    const body = this.position + 1;
    for (let index = 0; index < length; index += 1) {
      const code = value.charCodeAt(index);
      if (code >= 0x80) return false;
      buffer[body + index] = code;
    }
    buffer[this.position] = length;
    this.position = body + length;
    return true;
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  private reserve(bytes: number): void {
    const needed = this.position + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }
}

/** Writes `value` (an integer in [0, 2^53)) as an unsigned varint at `at`; returns where it ends. */
export function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  let position = at;
  let rest = value;
  while (rest >= 0x80) {
    bytes[position++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  bytes[position++] = rest;
  return position;
}

/** The value of a hex digit's character code, either case; -1 for any other character. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

export function varintLength(value: number): number {
  let bytes = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) bytes += 1;
  return bytes;
}

/**
 * Epoch milliseconds as the two 32-bit words of a uint64 of nanoseconds. Exact without BigInt: the
 * product seconds × 10^9 overflows a double's 53 bits, so it is taken in 16-bit halves of the seconds.
 */
export function unixNanosWords(epochMs: number): { low: number; high: number } {
  const seconds = Math.floor(epochMs / 1000);
  const nanos = Math.min(999_999_999, Math.max(0, Math.round((epochMs - seconds * 1000) * 1e6)));
  const upper = Math.floor(seconds / TWO_16) * 1e9; // × 2^16 still to apply
  const lower = (seconds % TWO_16) * 1e9 + nanos;
  // total = upper × 2^16 + lower; upper's part below 2^16 joins lower's before the split into words.
  const spill = (upper % TWO_16) * TWO_16 + lower;
  const high = Math.floor(upper / TWO_16) + Math.floor(spill / TWO_32);
  return { low: spill % TWO_32, high };
}
