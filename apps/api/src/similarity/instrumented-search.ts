import { SpanStatusCode, trace } from '@opentelemetry/api';
import { observeWithExemplar, requestTracer, spanExemplar } from '@scale/telemetry';
import type { SimilarityIndex, SimilarityQuery, SimilarSong } from '@scale/similarity';
import type { Histogram } from 'prom-client';

const NO_LABELS = Object.freeze({});

/**
 * The similarity index as request handlers query it: whichever index is current (a reload replaces
 * it), each query a span of its own and an observation of `scale_similarity_query_duration_seconds`
 * pointing at that trace.
 */
export class InstrumentedSearch {
  // Asked for here, not at import: the tracer is a span-record one once telemetry has started.
  private readonly tracer = requestTracer('scale-api');

  constructor(
    private readonly current: () => SimilarityIndex,
    private readonly queries: Histogram,
  ) {}

  /** Songs in the index. */
  get size(): number {
    return this.current().size;
  }

  /** As `SimilarityIndex.similar`. */
  similar(id: number, query: SimilarityQuery): SimilarSong[] | undefined {
    // Not made the active span: the query runs in memory and starts nothing below it, and entering a
    // context for it would cost every request a context switch for no child.
    // Under a request that was not sampled the span would not be either (parent-based sampling), and
    // making the non-recording one costs ids and a sampler call on every such request: none is made.
    const parent = trace.getActiveSpan();
    const span = parent !== undefined && !parent.isRecording() ? undefined : this.tracer.startSpan('similarity query');
    const started = performance.now();
    try {
      const similar = this.current().similar(id, query);
      // Attributes only for spans that are kept.
      if (span?.isRecording()) {
        span.setAttribute('scale.similarity.song_id', id);
        span.setAttribute('scale.similarity.limit', query.limit);
        span.setAttribute('scale.similarity.min_shared', query.minShared);
        span.setAttribute('scale.similarity.results', similar?.length ?? 0);
      }
      return similar;
    } catch (error) {
      if (error instanceof Error) span?.recordException(error);
      span?.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      observeWithExemplar(this.queries, NO_LABELS, (performance.now() - started) / 1000, spanExemplar(span));
      span?.end();
    }
  }
}
