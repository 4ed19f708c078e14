import { SimilarityIndex, type SongInstruments } from '@scale/similarity';
import { parseCommandLine, positiveInteger } from '../../apps/cli/src/options';
import { UsageError } from '../../apps/cli/src/usage';
import { runBenchProgram, type Run } from '../common/run';
import { REBUILD_DRIFT } from '../../apps/api/src/similarity/song-index.service';
import { catalogSets, querySample, rarityReversal, shiftingUpserts } from './workload';

/*
 * Does the similarity index keep its speed after many upserts that shift rarity? A Lakh-sized
 * generated catalog is built, then 100,000 of its songs are rewritten through a map that turns the
 * instruments' rarity upside down, applied in refresh-sized batches to two indexes: one left as it
 * is, one rebuilt in the background whenever its drift passes the API's threshold, as the API does.
 * Their query cost is measured against a third index freshly built from the same songs, in
 * interleaved rounds; on the way, each checkpoint measures the drifted index against a fresh build
 * of the same content, which is where the threshold comes from. In-process, no HTTP, no database.
 */

const USAGE = `Usage: npm run bench:similarity -- [--songs N] [--upserts N] [--rounds N] [--json]
  --songs N     generated songs (default 178561, the Lakh MIDI Dataset's size)
  --upserts N   upserts that shift rarity (default 100000)
  --rounds N    interleaved rounds of the final comparison (default 7)
  --json        print one JSON line instead of the report`;

interface Options {
  readonly songs: number;
  readonly upserts: number;
  readonly rounds: number;
  readonly json: boolean;
}

/** Upserts per refresh: what a busy extractor writes in a second or so. */
const BATCH = 1_000;
/** Checkpoints of the drift curve. */
const CHECKPOINTS = 10;
const QUERIES = 2_000;
const LIMIT = 10;

interface Checkpoint {
  readonly upserts: number;
  readonly drift: number;
  /** Drifted index's µs per query over a fresh build of the same songs (median of 3 interleaved rounds). */
  readonly ratio: number;
}

interface Result {
  readonly songs: number;
  readonly upserts: number;
  readonly threshold: number;
  readonly checkpoints: readonly Checkpoint[];
  readonly rebuilds: number;
  /** Wall time of each background rebuild, ms, slices and pauses included. */
  readonly rebuildMs: readonly number[];
  readonly finalDrift: { readonly stale: number; readonly rebuilt: number };
  /** Median µs per query over the rounds. */
  readonly usPerQuery: { readonly fresh: number; readonly stale: number; readonly rebuilt: number };
}

function parse(args: string[]): Options {
  const { values, positionals } = parseCommandLine(args, {
    songs: { type: 'string' },
    upserts: { type: 'string' },
    rounds: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return {
    songs: positiveInteger('songs', values.songs, 178_561),
    upserts: positiveInteger('upserts', values.upserts, 100_000),
    rounds: positiveInteger('rounds', values.rounds, 7),
    json: values.json ?? false,
  };
}

/** µs per query over the sample. */
function timeQueries(index: SimilarityIndex, ids: readonly number[]): number {
  const started = performance.now();
  for (const id of ids) index.similar(id, { limit: LIMIT });
  return ((performance.now() - started) * 1000) / ids.length;
}

const median = (values: readonly number[]) => [...values].sort((a, z) => a - z)[Math.floor(values.length / 2)];

/** Median µs per query of each index over `rounds`, the order rotating each round. */
function interleaved(indexes: readonly SimilarityIndex[], ids: readonly number[], rounds: number): number[] {
  const times: number[][] = indexes.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < indexes.length; k++) {
      const at = (k + round) % indexes.length;
      times[at].push(timeQueries(indexes[at], ids));
    }
  }
  return times.map(median);
}

/** The event loop's next turn, with a few queries in it, as requests come between the API's slices. */
function queriesBetween(index: SimilarityIndex, ids: readonly number[]): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      timeQueries(index, ids.slice(0, 20));
      resolve();
    }),
  );
}

/** The songs as they stand, for a fresh build. */
function current(catalog: Map<number, readonly number[]>): SongInstruments[] {
  return [...catalog].map(([id, instruments]) => ({ id, instruments }));
}

async function bench(options: Options, { progress }: Run): Promise<Result> {
  progress.say(`generating ${options.songs} songs' instrument sets`);
  const songs = catalogSets(1, options.songs);
  const upserts = shiftingUpserts(songs, rarityReversal(songs), options.upserts, 2);
  const ids = querySample(songs, QUERIES, 3);
  const catalog = new Map(songs.map((song) => [song.id, song.instruments]));
  const stale = SimilarityIndex.from(songs);
  const rebuilt = SimilarityIndex.from(songs);
  // Warm the search's code before anything is timed.
  interleaved([stale, rebuilt], ids, 2);

  const checkpoints: Checkpoint[] = [];
  const rebuildMs: number[] = [];
  const every = Math.max(BATCH, Math.ceil(upserts.length / CHECKPOINTS / BATCH) * BATCH);
  for (let at = 0; at < upserts.length; at += BATCH) {
    for (const { id, instruments } of upserts.slice(at, at + BATCH)) {
      stale.upsert(id, instruments);
      rebuilt.upsert(id, instruments);
      catalog.set(id, instruments);
    }
    // As the API after a refresh: a rebuild in slices, queries going on between them.
    if (rebuilt.rarityDrift > REBUILD_DRIFT) {
      const started = performance.now();
      await rebuilt.rebuild({ pause: () => queriesBetween(rebuilt, ids) });
      rebuildMs.push(performance.now() - started);
    }
    const done = Math.min(at + BATCH, upserts.length);
    if (done % every === 0 || done === upserts.length) {
      progress.say(`${done} upserts: drift ${stale.rarityDrift.toFixed(3)}, timing against a fresh build`);
      const [drifted, fresh] = interleaved([stale, SimilarityIndex.from(current(catalog))], ids, 3);
      checkpoints.push({ upserts: done, drift: stale.rarityDrift, ratio: drifted / fresh });
    }
  }
  progress.say(`final comparison, ${options.rounds} interleaved rounds`);
  const fresh = SimilarityIndex.from(current(catalog));
  const [freshUs, staleUs, rebuiltUs] = interleaved([fresh, stale, rebuilt], ids, options.rounds);
  return {
    songs: songs.length,
    upserts: upserts.length,
    threshold: REBUILD_DRIFT,
    checkpoints,
    rebuilds: rebuildMs.length,
    rebuildMs,
    finalDrift: { stale: stale.rarityDrift, rebuilt: rebuilt.rarityDrift },
    usPerQuery: { fresh: freshUs, stale: staleUs, rebuilt: rebuiltUs },
  };
}

function report(result: Result): string[] {
  const { usPerQuery: us } = result;
  return [
    `similarity bench: ${result.songs} songs, ${result.upserts} upserts reversing rarity in batches of ${BATCH}; rebuild threshold: drift > ${result.threshold}`,
    '',
    'drift curve (index never rebuilt, against a fresh build of the same songs, median of 3 interleaved rounds):',
    '  upserts   drift   query cost vs fresh',
    ...result.checkpoints.map(
      (c) => `  ${String(c.upserts).padStart(7)}   ${c.drift.toFixed(3)}   ${c.ratio.toFixed(2)}x`,
    ),
    '',
    `background rebuilds: ${result.rebuilds}, ${result.rebuildMs.map((ms) => ms.toFixed(0)).join(', ')} ms each (slices and the queries between them included)`,
    `after ${result.upserts} upserts (median of the rounds, µs per query, ${QUERIES} queries, limit ${LIMIT}):`,
    `  fresh build (baseline)   ${us.fresh.toFixed(1).padStart(7)}   1.00x`,
    `  never rebuilt            ${us.stale.toFixed(1).padStart(7)}   ${(us.stale / us.fresh).toFixed(2)}x   drift ${result.finalDrift.stale.toFixed(3)}`,
    `  rebuilt past threshold   ${us.rebuilt.toFixed(1).padStart(7)}   ${(us.rebuilt / us.fresh).toFixed(2)}x   drift ${result.finalDrift.rebuilt.toFixed(3)}`,
  ];
}

runBenchProgram({
  name: 'similarity bench',
  usage: USAGE,
  parse,
  bench,
  report: (result, options) => ({ text: options.json ? JSON.stringify(result) : report(result).join('\n'), code: 0 }),
});
