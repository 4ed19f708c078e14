import { generateCatalogSongs } from '@scale/catalog';
import { SimilarityIndex } from '@scale/similarity';
import { createRandom } from '@scale/midi-generator';
import { count, elapsed, type BenchProgress } from '../common/progress';
import { settledHeapBytes } from './heap';
import { percentile } from './stats';

/** As the API's query: the top 10, at least one shared instrument. */
const QUERY = { limit: 10, minShared: 1 } as const;
const WARM_UP_QUERIES = 200;

/** A catalog row as the API's first load reads it from Postgres (`SongsRepository.changedSince`). */
interface LoadedRow {
  readonly id: string;
  readonly object_key: string;
  readonly title: string | null;
  readonly drums: boolean;
  readonly instruments: number[];
}

export interface IndexFigures {
  readonly songs: number;
  readonly distinctSets: number;
  readonly meanInstruments: number;
  /** Heap held by the rows of a full load while the index is built from them (freed after). */
  readonly rowBytesPerSong: number;
  /** Heap held by the SimilarityIndex alone. */
  readonly indexBytesPerSong: number;
  /** Heap held by the result cards the API keeps beside the index (key, title, drums, instruments). */
  readonly cardBytesPerSong: number;
  readonly buildSeconds: number;
  readonly query: {
    readonly meanMicros: number;
    readonly p50Micros: number;
    readonly p99Micros: number;
    /** CPU time of this process per query: less swayed than wall time by others on a busy machine. */
    readonly cpuMicros: number;
  };
}

/**
 * What the API holds for a catalog of `size` generated songs, built as its first load builds it:
 * the rows in memory, the index from them in one go, a card per row, then the rows dropped.
 */
export function measureIndex(size: number, seed: number, queries: number, progress: BenchProgress): IndexFigures {
  const empty = settledHeapBytes();
  let rows: LoadedRow[] | undefined = generateRows(size, seed, progress);
  const withRows = settledHeapBytes();

  const buildStarted = performance.now();
  const index = SimilarityIndex.from(rows.map((row) => ({ id: Number(row.id), instruments: row.instruments })));
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const withIndex = settledHeapBytes();

  const cards = new Map<number, object>();
  for (const row of rows) {
    const id = Number(row.id);
    cards.set(id, { id, key: row.object_key, title: row.title, drums: row.drums, instruments: row.instruments });
  }
  const meanInstruments = rows.reduce((total, row) => total + row.instruments.length, 0) / size;
  rows = undefined;
  const held = settledHeapBytes();

  const timings = timeQueries(index, size, queries, seed);
  if (cards.size !== index.size) throw new Error(`${cards.size} cards for ${index.size} songs`);
  return {
    songs: index.size,
    distinctSets: index.distinctSets,
    meanInstruments,
    rowBytesPerSong: (withRows - empty) / size,
    indexBytesPerSong: (withIndex - withRows) / size,
    cardBytesPerSong: (held - empty - (withIndex - withRows)) / size,
    buildSeconds,
    query: timings,
  };
}

function generateRows(size: number, seed: number, progress: BenchProgress): LoadedRow[] {
  const started = performance.now();
  const rows: LoadedRow[] = [];
  const phase = progress.phase(() => `${count(rows.length)} / ${count(size)} songs generated · ${elapsed(started)}`);
  for (const song of generateCatalogSongs(seed, size)) {
    rows.push({
      id: String(rows.length + 1),
      object_key: song.objectKey,
      title: song.title,
      drums: song.drums,
      instruments: song.instruments.map((part) => part.instrument),
    });
    phase.show();
  }
  phase.end();
  return rows;
}

/** Microseconds per `similar` query for ids drawn uniformly from the catalog, after a warm-up. */
function timeQueries(index: SimilarityIndex, size: number, queries: number, seed: number) {
  const random = createRandom(seed);
  for (let i = 0; i < WARM_UP_QUERIES; i++) index.similar(random.int(1, size), QUERY);
  const micros: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < queries; i++) {
    const id = random.int(1, size);
    const started = performance.now();
    const answer = index.similar(id, QUERY);
    micros.push((performance.now() - started) * 1000);
    if (answer === undefined) throw new Error(`song ${id} is not in the index`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    cpuMicros: (cpu.user + cpu.system) / queries,
    meanMicros: micros.reduce((a, b) => a + b, 0) / micros.length,
    p50Micros: percentile(micros, 0.5),
    p99Micros: percentile(micros, 0.99),
  };
}
