/** Running totals of one extractor process, for its summary and health. */
export class ExtractionStats {
  songs = 0;
  unchanged = 0;
  invalid = 0;
  gone = 0;
  /** Jobs whose lease expired before their result was written; another worker redid them. */
  lost = 0;
  /** Attempts that failed on a store error; their jobs were handed back with a backoff. */
  retried = 0;
  bytes = 0;

  get processed(): number {
    return this.songs + this.unchanged + this.invalid + this.gone;
  }
}
