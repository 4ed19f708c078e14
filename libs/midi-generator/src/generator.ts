import { writeMidi, MidiData, MidiEvent } from 'midi-file';
import { createRandom, Random } from './random';

/*
 * A deterministic demo corpus: valid, varied MIDI files whose instrument choices follow the skew of
 * real collections (pianos, basses, guitars and strings common; ethnic and effect programs rare;
 * two thirds of songs with drums). Same seed and index, same bytes, on any machine.
 */

export interface GeneratedSong {
  /** Object key relative to the corpus root, e.g. `demo/0/song-000042.mid`. */
  readonly key: string;
  readonly bytes: Uint8Array;
  /** What the file was written to contain, for tests to check extraction against. */
  readonly expected: { readonly programs: readonly number[]; readonly drums: boolean; readonly notes: number };
}

/** Relative weight of each GM family (Piano, Chromatic Percussion, Organ, Guitar, Bass, ...). */
const FAMILY_WEIGHTS = [30, 6, 8, 22, 26, 18, 14, 10, 9, 8, 7, 6, 3, 2, 2, 1];

function pickProgram(random: Random): number {
  const family = random.weighted(FAMILY_WEIGHTS);
  // Within a family the first programs are the everyday ones (Acoustic Grand Piano, Nylon Guitar...).
  const member = Math.min(7, Math.floor(random.next() ** 2 * 8));
  return family * 8 + member;
}

function channelEvents(
  random: Random,
  channel: number,
  program: number | null,
  notes: number,
  ticksPerQuarter: number,
) {
  const events: { tick: number; event: MidiEvent }[] = [];
  if (program !== null) {
    events.push({ tick: 0, event: { deltaTime: 0, type: 'programChange', channel, programNumber: program } });
  }
  let tick = random.int(0, 4) * ticksPerQuarter;
  const low = channel === 9 ? 35 : random.int(36, 60);
  for (let i = 0; i < notes; i++) {
    const noteNumber = low + random.int(0, channel === 9 ? 46 : 24);
    const length = Math.max(1, Math.round((ticksPerQuarter / 2) * random.int(1, 4)));
    events.push({ tick, event: { deltaTime: 0, type: 'noteOn', channel, noteNumber, velocity: random.int(1, 127) } });
    // Half of the note-offs are written as note-ons with velocity 0, as many sequencers do.
    const off: MidiEvent =
      random.next() < 0.5
        ? { deltaTime: 0, type: 'noteOff', channel, noteNumber, velocity: 0, byte9: true }
        : { deltaTime: 0, type: 'noteOff', channel, noteNumber, velocity: 64 };
    events.push({ tick: tick + length, event: off });
    tick += random.int(0, 2) * (ticksPerQuarter / 2);
  }
  return events;
}

function toTrack(timed: { tick: number; event: MidiEvent }[], name?: string): MidiEvent[] {
  timed.sort((a, z) => a.tick - z.tick);
  const track: MidiEvent[] = name ? [{ deltaTime: 0, meta: true, type: 'trackName', text: name }] : [];
  let last = 0;
  for (const { tick, event } of timed) {
    track.push({ ...event, deltaTime: tick - last } as MidiEvent);
    last = tick;
  }
  track.push({ deltaTime: 0, meta: true, type: 'endOfTrack' });
  return track;
}

const WORDS = [
  'Blue',
  'Night',
  'River',
  'Golden',
  'Electric',
  'Summer',
  'Lonely',
  'Midnight',
  'Dancing',
  'Silver',
  'Heart',
  'Road',
  'Rain',
  'Fire',
  'Dream',
  'Train',
];

export function generateSong(seed: number, index: number): GeneratedSong {
  const random = createRandom(seed * 1_000_003 + index);
  const format = random.next() < 0.25 ? 0 : 1;
  const ticksPerQuarter = [96, 120, 192, 384, 480][random.int(0, 4)];
  const instrumentCount = 1 + Math.floor(random.next() ** 1.5 * 8);
  const programs = new Set<number>();
  while (programs.size < instrumentCount) programs.add(pickProgram(random));
  const drums = random.next() < 0.65;

  // Melodic channels skip channel 10; a song has at most 15 melodic parts.
  const melodic = [...programs].slice(0, 15);
  const parts = melodic.map((program, i) => ({ channel: i < 9 ? i : i + 1, program }));
  const partTracks = parts.map(({ channel, program }) =>
    channelEvents(
      random,
      channel,
      random.next() < 0.1 && program === 0 ? null : program,
      random.int(40, 600),
      ticksPerQuarter,
    ),
  );
  if (drums) partTracks.push(channelEvents(random, 9, null, random.int(100, 900), ticksPerQuarter));
  const notes = partTracks.reduce((sum, events) => sum + events.filter((e) => e.event.type === 'noteOn').length, 0);

  const title = `${WORDS[random.int(0, WORDS.length - 1)]} ${WORDS[random.int(0, WORDS.length - 1)]} ${index}`;
  const tempo = {
    tick: 0,
    event: {
      deltaTime: 0,
      meta: true,
      type: 'setTempo',
      microsecondsPerBeat: random.int(300_000, 900_000),
    } as MidiEvent,
  };
  const tracks =
    format === 0
      ? [toTrack([tempo, ...partTracks.flat()], title)]
      : [toTrack([tempo], title), ...partTracks.map((events) => toTrack(events))];
  const data: MidiData = { header: { format, numTracks: tracks.length, ticksPerBeat: ticksPerQuarter }, tracks };
  const bytes = Uint8Array.from(writeMidi(data, { running: random.next() < 0.7 }));
  const folder = Math.floor(index / 1000);
  return {
    key: `demo/${folder}/song-${String(index).padStart(6, '0')}.mid`,
    bytes,
    expected: { programs: [...melodic].sort((a, z) => a - z), drums, notes },
  };
}

export function* generateCorpus(seed: number, count: number): Generator<GeneratedSong> {
  for (let i = 0; i < count; i++) yield generateSong(seed, i);
}
