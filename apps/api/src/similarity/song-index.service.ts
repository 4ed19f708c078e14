import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ENVIRONMENT, Environment } from '@scale/config';
import { errorMessage } from '@scale/catalog';
import { LOGGER, METRICS_REGISTRY, type Logger } from '@scale/telemetry';
import { SimilarityIndex } from '@scale/similarity';
import type { Registry } from 'prom-client';
import type { Histogram } from 'prom-client';
import { SongsRepository, type ChangedSong } from '../songs/songs.repository';
import { CatalogIdsRepository } from './catalog-ids.repository';
import { IdTally, RANGE_BITS } from './id-tally';
import { createSimilarityMetrics } from './similarity-metrics';
import { InstrumentedSearch } from './instrumented-search';
import { TitleIndex } from '../search/title-index';

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
 * Rarity drift past which the index rebuilds its lists in the background. `npm run bench:similarity`
 * measured query cost against drift on a Lakh-sized catalog: below this the slow-down is within the
 * noise, past it it grows with the drift (see bench/similarity/README.md).
 */
export const REBUILD_DRIFT = 0.05;

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
  /** The ids the index holds, as the refresh compares them with the catalog's. */
  private readonly ids = new IdTally();
  private readonly rebuilds: Histogram;
  private rebuilding: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private stopped = false;
  loaded = false;
  lastRefreshAt: Date | null = null;
  /** The cards' titles and keys for `GET /api/songs?q=`; built with the first load, unless TITLE_SEARCH=sql. */
  titles: TitleIndex | null = null;

  constructor(
    private readonly songs: SongsRepository,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    /** Always injected in the app; a service built by hand without it (a bench) never checks for deletions. */
    @Optional() private readonly catalogIds?: CatalogIdsRepository,
  ) {
    const { queries, rebuilds } = createSimilarityMetrics(registry, {
      songs: () => this.built.size,
      // Before the first load the index is as stale as the process is old.
      stalenessSeconds: () => (Date.now() - (this.lastRefreshAt?.getTime() ?? this.startedAt)) / 1000,
      rarityDrift: () => this.built.rarityDrift,
    });
    this.rebuilds = rebuilds;
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
    await this.rebuilding;
  }

  card(id: number): SongCard | undefined {
    return this.cards.get(id);
  }

  /**
   * Adds new and changed songs, drops songs the catalog no longer has, and starts a background
   * rebuild when the rarity order has drifted. Work in the event loop is proportional to what
   * changed, never to the catalog: the deletion check is a tally summed by Postgres.
   */
  async refresh(): Promise<void> {
    const started = Date.now();
    const since = this.lastReadAt && new Date(this.lastReadAt.getTime() - COMMIT_SKEW_MS);
    const { readAt, rows } = await this.songs.changedSince(since);
    // The first load builds the index in one go, which also orders instruments by their real
    // rarity (what makes queries fast); later refreshes upsert the few songs that changed.
    if (!this.loaded) {
      this.built = SimilarityIndex.from(rows.map((row) => ({ id: Number(row.id), instruments: row.instruments })));
      for (const row of rows) this.remember(row);
      if (this.environment.TITLE_SEARCH === 'memory') this.titles = TitleIndex.from(this.cards.values());
    } else {
      for (const row of rows) this.add(row);
    }
    this.lastReadAt = readAt;
    if (this.catalogIds && !this.ids.matches(await this.catalogIds.tally())) await this.reconcile(this.catalogIds);
    if (!this.loaded) {
      const titles = this.titles?.stats();
      this.logger.info({ songs: this.cards.size, titles, ms: Date.now() - started }, 'similarity index loaded');
    }
    this.loaded = true;
    this.lastRefreshAt = new Date();
    if (this.built.rarityDrift > REBUILD_DRIFT && !this.rebuilding && !this.stopped) {
      this.rebuilding = this.rebuild().finally(() => (this.rebuilding = null));
    }
  }

  /**
   * Makes the index hold exactly the catalog's songs in the id ranges whose tallies differ: drops
   * deleted songs, adds any a read missed (a row committed later than the skew allows).
   */
  private async reconcile(catalogIds: CatalogIdsRepository): Promise<void> {
    const ranges = this.ids.differingRanges(await catalogIds.rangeTallies());
    const present = new Set(await catalogIds.idsInRanges(ranges));
    const missing: number[] = [];
    for (const id of present) if (!this.cards.has(id)) missing.push(id);
    for (const range of ranges) {
      const first = range * 2 ** RANGE_BITS;
      for (let id = first; id < first + 2 ** RANGE_BITS; id++) {
        if (this.cards.has(id) && !present.has(id)) this.drop(id);
      }
    }
    for (const row of await this.songs.findByIds(missing)) this.add(row);
  }

  /** The lists in the current rarity order, built in slices while queries go on; timed for Prometheus. */
  private async rebuild(): Promise<void> {
    const drift = this.built.rarityDrift;
    const started = performance.now();
    if (!(await this.built.rebuild())) return;
    const seconds = (performance.now() - started) / 1000;
    this.rebuilds.observe(seconds);
    this.logger.info({ drift, ms: Math.round(seconds * 1000) }, 'similarity index rebuilt in the current rarity order');
  }

  private drop(id: number): void {
    this.built.remove(id);
    this.cards.delete(id);
    this.titles?.remove(id);
    this.ids.remove(id);
  }

  private add(row: ChangedSong): void {
    this.built.upsert(Number(row.id), row.instruments);
    this.remember(row);
  }

  /**
   * The song's card, and its id in the tally when it is new. The card holds the index's array of
   * the song's instrument set, one frozen array shared by every song with that set, when it lists
   * the same instruments in the same order as the row. The row's own array, two heap objects (the
   * array and its elements), is then garbage: 357,122 objects fewer for every major GC to mark on
   * `npm run bench:api`'s Lakh-sized catalog (178,561 songs in 71,416 sets).
   */
  private remember(row: ChangedSong): void {
    const id = Number(row.id);
    if (!this.cards.has(id)) this.ids.add(id);
    const shared = this.built.instrumentsOf(id);
    const instruments = shared && sameItems(shared, row.instruments) ? shared : row.instruments;
    const card = { id, key: row.object_key, title: row.title, drums: row.drums, instruments };
    this.cards.set(id, card);
    this.titles?.upsert(card);
  }
}

function sameItems(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
