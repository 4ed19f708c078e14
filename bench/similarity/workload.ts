import { generateCatalogSongs } from '@scale/catalog';
import { createRandom } from '@scale/midi-generator';
import { INSTRUMENT_COUNT, type SongInstruments } from '@scale/similarity';

/** The generated catalog's instrument sets, ids 1..count (the bench needs no database). */
export function catalogSets(seed: number, count: number): SongInstruments[] {
  const songs: SongInstruments[] = [];
  let id = 0;
  for (const song of generateCatalogSongs(seed, count)) {
    songs.push({ id: ++id, instruments: song.instruments.map((entry) => entry.instrument) });
  }
  return songs;
}

/**
 * The instrument map that turns rarity upside down: the most common instrument becomes the rarest,
 * the second most common the second rarest, and so on. A catalog whose songs are rewritten through
 * it keeps its shape (set sizes, overlaps) but not its rarity order.
 */
export function rarityReversal(songs: readonly SongInstruments[]): Int32Array {
  const songsWith = new Int32Array(INSTRUMENT_COUNT);
  for (const song of songs) for (const instrument of song.instruments) songsWith[instrument]++;
  const byCount = Array.from({ length: INSTRUMENT_COUNT }, (_, instrument) => instrument).sort(
    (a, z) => songsWith[a] - songsWith[z] || a - z,
  );
  const map = new Int32Array(INSTRUMENT_COUNT);
  byCount.forEach((instrument, i) => (map[instrument] = byCount[INSTRUMENT_COUNT - 1 - i]));
  return map;
}

/** `count` upserts rewriting distinct songs, in a seeded order, through `map`. */
export function shiftingUpserts(
  songs: readonly SongInstruments[],
  map: Int32Array,
  count: number,
  seed: number,
): SongInstruments[] {
  const random = createRandom(seed);
  const order = songs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, Math.min(count, songs.length)).map((i) => ({
    id: songs[i].id,
    instruments: songs[i].instruments.map((instrument) => map[instrument]),
  }));
}

/** Query ids spread over the catalog in a seeded order. */
export function querySample(songs: readonly SongInstruments[], size: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: size }, () => songs[random.int(0, songs.length - 1)].id);
}
