import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { METRICS_REGISTRY } from '@scale/telemetry';
import { Counter, type Registry } from 'prom-client';
import { decodeCursor } from '../common/cursor';
import { nameInstrument } from '@scale/catalog';
import { SongCard, SongIndexService } from '../similarity/song-index.service';
import { ListSongsQuery } from './dto/list-songs.query';
import { SimilarSongsQuery } from './dto/similar.query';
import { SimilarSongDto, SimilarSongsDto, SongDto, SongPageDto, SongSummaryDto } from './dto/song.dto';
import { SongsRepository, type SongFilter } from './songs.repository';
import { pageOf, pageOfSummaries, summaryOf } from './song-summary';
import { withConfirmed } from '../search/title-index';

// Cards are never mutated, so their arrays go out as they are, uncopied.
const summaryOfCard = (card: SongCard): SongSummaryDto => card as SongSummaryDto;

/** Scores go out rounded to 6 decimals; the order was decided on the exact ratios. */
const displayScore = (score: number) => Math.round(score * 1e6) / 1e6;

@Injectable()
export class SongsService {
  private readonly searches: Counter<'engine'>;

  constructor(
    private readonly songs: SongsRepository,
    private readonly songIndex: SongIndexService,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.searches = new Counter({
      name: 'scale_api_title_searches_total',
      help: 'Song searches (q=) by where they were answered: the in-memory title index, or SQL.',
      labelNames: ['engine'],
      registers: [registry],
    });
  }

  async list(query: ListSongsQuery): Promise<SongPageDto> {
    const filter: SongFilter = {
      q: query.q?.trim() || undefined,
      instruments: query.instrument?.length ? query.instrument : undefined,
      drums: query.drums,
      afterId: decodeCursor(query.cursor),
      limit: query.limit + 1,
    };
    const found = filter.q && (await this.searchInMemory(filter.q, filter));
    if (found) return pageOfSummaries(found, query.limit);
    if (filter.q) this.searches.inc({ engine: 'sql' });
    return pageOf(await this.songs.find(filter), query.limit);
  }

  /**
   * The search from the title index once it is loaded, SQL judging only the few cards whose text
   * JavaScript cannot lower as Postgres does, and finding the rest of the page when the index's
   * scan stopped at its budget; undefined when SQL must answer it all.
   */
  private async searchInMemory(q: string, filter: SongFilter): Promise<SongSummaryDto[] | undefined> {
    const found = this.songIndex.loaded ? this.songIndex.titles?.search(q, filter) : undefined;
    if (!found) return undefined;
    this.searches.inc({ engine: 'memory' });
    const undecided = found.undecided.map((card) => card.id);
    const confirmed = undecided.length ? await this.songs.matchingIds(q, undecided) : new Set<number>();
    const page = withConfirmed(found, confirmed, filter.limit).map(summaryOfCard);
    if (found.decidedTo === undefined || page.length === filter.limit) return page;
    const rest = await this.songs.find({ ...filter, afterId: found.decidedTo, limit: filter.limit - page.length });
    return [...page, ...rest.map(summaryOf)];
  }

  async get(id: number): Promise<SongDto> {
    const row = await this.songs.findById(id);
    if (!row) throw new NotFoundException(`no song with id ${id}`);
    const notes = await this.songs.instrumentNotes(id);
    return {
      ...summaryOf(row),
      bucket: row.bucket,
      format: row.format,
      tracks: row.tracks,
      durationSeconds: row.duration_seconds,
      notes: row.notes,
      extractedAt: row.extracted_at.toISOString(),
      instrumentNotes: notes.map(({ instrument, notes: count }) => ({ ...nameInstrument(instrument), notes: count })),
    };
  }

  async similar(id: number, query: SimilarSongsQuery): Promise<SimilarSongsDto> {
    if (query.engine === 'sql') return this.similarBySql(id, query);
    if (!this.songIndex.loaded) throw new ServiceUnavailableException('the similarity index is still loading');
    const card = this.songIndex.card(id);
    const matches = card && this.songIndex.index.similar(id, { limit: query.limit, minShared: query.minShared });
    if (!card || !matches) throw new NotFoundException(`no song with id ${id}`);
    const similar: SimilarSongDto[] = matches.map((match) => ({
      song: summaryOfCard(this.songIndex.card(match.id)!),
      score: displayScore(match.score),
      sharedCount: match.sharedCount,
      shared: match.shared.map(nameInstrument),
    }));
    return { song: summaryOfCard(card), similar, engine: 'index' };
  }

  private async similarBySql(id: number, query: SimilarSongsQuery): Promise<SimilarSongsDto> {
    const row = await this.songs.findById(id);
    if (!row) throw new NotFoundException(`no song with id ${id}`);
    const matches = await this.songs.similarBySql(id, query.limit, query.minShared);
    const others = new Map(
      (await this.songs.findByIds(matches.map((match) => Number(match.id)))).map((other) => [Number(other.id), other]),
    );
    const similar = matches.map((match) => ({
      song: summaryOf(others.get(Number(match.id))!),
      score: displayScore(match.score),
      sharedCount: match.shared_count,
      shared: match.shared.map(nameInstrument),
    }));
    return { song: summaryOf(row), similar, engine: 'sql' };
  }
}
