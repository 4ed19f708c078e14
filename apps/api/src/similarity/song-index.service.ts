import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ENVIRONMENT, Environment } from '@scale/config';
import { errorMessage } from '@scale/catalog';
import { LOGGER, METRICS_REGISTRY, type Logger } from '@scale/telemetry';
import { SimilarityIndex } from '@scale/similarity';
import type { Registry } from 'prom-client';
import { SongsRepository } from '../songs/songs.repository';
import { createSimilarityMetrics } from './similarity-metrics';
import { InstrumentedSearch } from './instrumented-search';

export interface SongCard {
  readonly id: number;
  readonly key: string;
  readonly title: string | null;
  readonly drums: boolean;
  readonly instruments: readonly number[];
}

/**
 * Songs written by the extractor commit with extracted_at = their transaction's start, so a row
 * can become visible up to a transaction's length after that time; each read goes back this far
 * before the previous read began (upserts are idempotent, so re-reading a row costs nothing).
 */
const COMMIT_SKEW_MS = 2_000;
/**
 * Deletions are rare (an object turned invalid), and so are rows committed later than the skew
 * allows; the count that detects both runs seldom.
 */
const DELETION_CHECK_EVERY = 10;

/**
 * The catalog's instrument sets in memory, with what a result card shows, kept in step with the
 * database: loaded at start (readiness waits for it), then refreshed every SIMILARITY_REFRESH_SECONDS so new and
 * changed songs are searchable without a restart.
 */
@Injectable()
export class SongIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  private built = new SimilarityIndex();
  /** What request handlers query: the current index, each query traced and timed. */
  readonly index: InstrumentedSearch;
  private readonly cards = new Map<number, SongCard>();
  private readonly startedAt = Date.now();
  private lastReadAt: Date | null = null;
  private refreshes = 0;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private stopped = false;
  loaded = false;
  lastRefreshAt: Date | null = null;

  constructor(
    private readonly songs: SongsRepository,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const queries = createSimilarityMetrics(registry, {
      songs: () => this.built.size,
      // Before the first load the index is as stale as the process is old.
      stalenessSeconds: () => (Date.now() - (this.lastRefreshAt?.getTime() ?? this.startedAt)) / 1000,
    });
    this.index = new InstrumentedSearch(() => this.built, queries);
  }

  onApplicationBootstrap(): void {
    const tick = async () => {
      this.refreshing = this.refresh().catch((error: unknown) => {
        this.logger.warn({ err: error }, `similarity index refresh failed: ${errorMessage(error)}`);
      });
      await this.refreshing;
      // A timer cannot wait either; `tick` catches its own failures.
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.environment.SIMILARITY_REFRESH_SECONDS * 1000);
    };
    // Not awaited: the first load runs in the background and readiness waits for it; `tick` never rejects.
    void tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.refreshing;
  }

  card(id: number): SongCard | undefined {
    return this.cards.get(id);
  }

  /** Adds new and changed songs; drops songs the catalog no longer has. */
  async refresh(): Promise<void> {
    const started = Date.now();
    const since = this.lastReadAt && new Date(this.lastReadAt.getTime() - COMMIT_SKEW_MS);
    const { readAt, rows } = await this.songs.changedSince(since);
    // The first load builds the index in one go, which also orders instruments by their real
    // rarity (what makes queries fast); later refreshes upsert the few songs that changed.
    if (!this.loaded) {
      this.built = SimilarityIndex.from(rows.map((row) => ({ id: Number(row.id), instruments: row.instruments })));
    }
    if (this.loaded) {
      for (const row of rows) this.add(row);
    } else {
      for (const row of rows) {
        this.cards.set(Number(row.id), {
          id: Number(row.id),
          key: row.object_key,
          title: row.title,
          drums: row.drums,
          instruments: row.instruments,
        });
      }
    }
    this.lastReadAt = readAt;
    if (++this.refreshes % DELETION_CHECK_EVERY === 0 && (await this.songs.count()) !== this.cards.size) {
      await this.reconcile();
    }
    if (!this.loaded) this.logger.info({ songs: this.cards.size, ms: Date.now() - started }, 'similarity index loaded');
    this.loaded = true;
    this.lastRefreshAt = new Date();
  }

  /** Makes the index hold exactly the catalog's songs: drops deleted ones, adds any missed. */
  private async reconcile(): Promise<void> {
    const present = new Set((await this.songs.allIds()).map(Number));
    for (const id of [...this.cards.keys()]) {
      if (present.has(id)) continue;
      this.built.remove(id);
      this.cards.delete(id);
    }
    const missing = [...present].filter((id) => !this.cards.has(id));
    for (const row of await this.songs.findByIds(missing)) this.add(row);
  }

  private add(row: {
    id: string;
    object_key: string;
    title: string | null;
    drums: boolean;
    instruments: number[];
  }): void {
    const id = Number(row.id);
    this.built.upsert(id, row.instruments);
    this.cards.set(id, { id, key: row.object_key, title: row.title, drums: row.drums, instruments: row.instruments });
  }
}
