import { createHash } from 'node:crypto';
import type { Random } from '@scale/midi-generator';
import { DRUM_KIT_INSTRUMENT, type InstrumentCount } from '../instrument-set';
import { ArrangementPool, MAX_MELODIC_PROGRAMS, pickArrangementRank, pickExtraProgram } from './arrangements';
import { isBass, noteDensity } from './program-weights';
import { logNormal, seededRandom } from './seeded';
import { generateTitle } from './titles';

/**
 * Catalog rows as the extractor would have written them for a Lakh-sized collection, without the
 * MIDI files: what the similar-songs API and its benchmark read, at the scale they must handle.
 */
export interface GeneratedCatalogSong {
  /** `synthetic/<seed>/song-000042.mid`: zero-based index, padded to six digits. */
  readonly objectKey: string;
  /** 32 hex digits, as S3 gives the (unquoted) ETag of a single-part upload. */
  readonly etag: string;
  readonly sizeBytes: number;
  /** 64 hex digits. */
  readonly contentSha256: string;
  readonly title: string;
  readonly format: 0 | 1;
  readonly tracks: number;
  readonly ticksPerQuarter: number;
  readonly durationSeconds: number;
  /** Every note, drums included, as in MidiSummary. */
  readonly notes: number;
  readonly drums: boolean;
  readonly drumNotes: number;
  /** Programs ascending, then the drum kit (128) if the song has drums; every count above zero. */
  readonly instruments: readonly InstrumentCount[];
}

/** Share of songs that vary their arrangement: a part added, dropped or swapped. */
const VARIATION_SHARE = 0.25;
/** Most files of such collections are multi-track; type 0 files are the minority. */
const FORMAT_0_SHARE = 0.1;
// Resolutions in the order of how common they are in the wild.
const TICKS_PER_QUARTER = [480, 96, 192, 384, 120, 240, 960];
const TICKS_WEIGHTS = [28, 20, 20, 10, 12, 6, 4];
const SONG_STREAM = 2;

/** The songs of a catalog, `first` to `first + count - 1`; the same seed always gives the same songs. */
export function* generateCatalogSongs(seed: number, count: number, first = 0): Generator<GeneratedCatalogSong> {
  for (const [name, value] of [
    ['seed', seed],
    ['count', count],
    ['first', first],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a whole number of at least 0, got ${value}`);
    }
  }
  const pool = new ArrangementPool(seed);
  for (let index = first; index < first + count; index++) yield catalogSong(seed, index, pool);
}

function catalogSong(seed: number, index: number, pool: ArrangementPool): GeneratedCatalogSong {
  const random = seededRandom(seed, SONG_STREAM, index);
  const programs = vary(random, pool.programs(pickArrangementRank(random)));
  const drums = random.next() < drumShare(programs);
  const durationSeconds = Math.round(clamp(logNormal(random, 200, 0.45), 8, 1800) * 1e6) / 1e6;

  const instruments: InstrumentCount[] = programs.map((program) => ({
    instrument: program,
    notes: partNotes(random, durationSeconds, noteDensity(program)),
  }));
  const drumNotes = drums ? partNotes(random, durationSeconds, 3.5) : 0;
  if (drums) instruments.push({ instrument: DRUM_KIT_INSTRUMENT, notes: drumNotes });
  const notes = instruments.reduce((total, part) => total + part.notes, 0);

  const format = random.next() < FORMAT_0_SHARE ? 0 : 1;
  // Type 1: a tempo track, one track per part, now and then a lyrics or empty track.
  const tracks = format === 0 ? 1 : 1 + instruments.length + (random.next() < 0.2 ? random.int(1, 3) : 0);
  const ticksPerQuarter = TICKS_PER_QUARTER[random.weighted(TICKS_WEIGHTS)];
  // About 3 bytes for a note-on, 3 for its note-off, and a delta time, running status or not.
  const sizeBytes = Math.round(22 + tracks * 40 + notes * (6 + random.next() * 3));
  const title = generateTitle(random, index);

  const objectKey = `synthetic/${seed}/song-${String(index).padStart(6, '0')}.mid`;
  return {
    objectKey,
    etag: createHash('md5').update(`${seed}:${objectKey}`).digest('hex'),
    sizeBytes,
    contentSha256: createHash('sha256').update(`scale-synthetic:${seed}:${objectKey}`).digest('hex'),
    title,
    format,
    tracks,
    ticksPerQuarter,
    durationSeconds,
    notes,
    drums,
    drumNotes,
    instruments,
  };
}

/** The song's own take on its arrangement; most songs keep it as it is, so sets are shared. */
function vary(random: Random, arrangement: readonly number[]): number[] {
  if (random.next() >= VARIATION_SHARE) return [...arrangement];
  const programs = new Set(arrangement);
  const edits = random.next() < 0.7 ? 1 : 2;
  for (let edit = 0; edit < edits; edit++) {
    const roll = random.next();
    const dropped = [...programs][random.int(0, programs.size - 1)];
    if (roll < 0.4 && programs.size < MAX_MELODIC_PROGRAMS) {
      programs.add(pickExtraProgram(random, programs));
    } else if (roll < 0.75 && programs.size > 1) {
      programs.delete(dropped);
    } else {
      const added = pickExtraProgram(random, programs);
      programs.delete(dropped);
      programs.add(added);
    }
  }
  return [...programs].sort((a, z) => a - z);
}

/**
 * Chance that a song with these programs has drums: band line-ups (with a bass) nearly always do,
 * solo and classical pieces seldom. Tuned so that about two songs in three have drums, as in Lakh.
 */
function drumShare(programs: readonly number[]): number {
  if (programs.length <= 1) return 0.12;
  if (programs.some(isBass)) return 0.78;
  return programs.length <= 3 ? 0.2 : 0.4;
}

function partNotes(random: Random, durationSeconds: number, density: number): number {
  // A part plays for some of the song only; at least one note, or it would not be an instrument of the song.
  const playing = 0.3 + 0.7 * random.next();
  return Math.max(1, Math.round(durationSeconds * playing * logNormal(random, density, 0.6)));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
