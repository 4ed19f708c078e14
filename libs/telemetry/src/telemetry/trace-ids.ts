import { randomFillSync } from 'node:crypto';
import { TraceFlags, type SpanContext, type TraceState } from '@opentelemetry/api';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

/** 256 trace ids' worth of random bytes per refill. */
const POOL_BYTES = 4_096;

/**
 * Trace and span ids for the SDK and for the server spans' own sampling decision. The bytes come
 * from the operating system's generator (W3C Trace Context asks ids to be random), 4 KiB at a time,
 * so an id costs a slice of the pool formatted as hex rather than a call into the generator.
 *
 * A server span's sampling decision is taken on its trace id before the SDK is asked for the span
 * (server-spans.ts); `useForNextTrace` makes the SDK's next root span take that same id, so the SDK's
 * own call to the (deterministic) sampler agrees with the decision already taken.
 */
export class PooledIdGenerator implements IdGenerator {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private offset = POOL_BYTES;
  private handedOver: string | undefined;

  generateTraceId(): string {
    const handedOver = this.handedOver;
    if (handedOver === undefined) return this.draw(16);
    this.handedOver = undefined;
    return handedOver;
  }

  generateSpanId(): string {
    return this.draw(8);
  }

  /** The trace id the next root span takes; `undefined` withdraws one that was not taken. */
  useForNextTrace(traceId: string | undefined): void {
    this.handedOver = traceId;
  }

  private draw(bytes: number): string {
    if (this.offset + bytes > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const start = this.offset;
    const end = start + bytes;
    this.offset = end;
    // An id of all zeros is invalid: once in 2^64 draws, make it one.
    let nonZero = false;
    for (let index = start; index < end && !nonZero; index += 1) nonZero = this.pool[index] !== 0;
    if (!nonZero) this.pool[end - 1] = 1;
    return this.pool.toString('hex', start, end);
  }
}

/**
 * The span context of a request that was not sampled: its trace id (the caller's, or the one the
 * decision was taken on) and a span id drawn only when something reads it, an outgoing request's
 * `traceparent` or a log line. Most unsampled requests are never asked.
 */
export class UnsampledSpanContext implements SpanContext {
  readonly traceFlags = TraceFlags.NONE;
  private id: string | undefined;

  constructor(
    readonly traceId: string,
    readonly traceState: TraceState | undefined,
    private readonly ids: IdGenerator,
  ) {}

  get spanId(): string {
    return (this.id ??= this.ids.generateSpanId());
  }
}
