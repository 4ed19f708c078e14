import { generateSong } from '@scale/midi-generator';
import type { ObjectStore } from '@scale/storage';

/** Puts allowed to run at once; past it the store is too slow for the rate and arrivals are skipped. */
export const MAX_PUTS_IN_FLIGHT = 4;

/**
 * New songs for the shared bucket, one generated MIDI file per arrival, each under a key of its
 * own: the run's prefix (a start time) keeps a restarted generator from rewriting the objects of
 * an earlier run, which the extractors would find unchanged and skip.
 */
export class ObjectPublisher {
  private next = 0;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly store: ObjectStore,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly seed: number,
    private readonly onResult: (result: 'added' | 'failed' | 'skipped') => void,
  ) {}

  publishOne(): void {
    const index = this.next++;
    if (this.running.size >= MAX_PUTS_IN_FLIGHT) {
      this.onResult('skipped');
      return;
    }
    const song = generateSong(this.seed, index);
    const key = `${this.prefix}song-${String(index).padStart(6, '0')}.mid`;
    const put = this.store.put(this.bucket, key, song.bytes).then(
      () => this.onResult('added'),
      () => this.onResult('failed'),
    );
    this.running.add(put);
    // Steady rate: the next object never waits for this upload; `put` never rejects (failures are counted).
    void put.finally(() => this.running.delete(put));
  }

  /** Waits for the puts still running. */
  async settle(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
