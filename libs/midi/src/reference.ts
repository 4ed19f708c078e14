import { parseMidi, MidiEvent } from 'midi-file';
import { decodeText, instrumentsFromCounts, MidiVerdict, roundSeconds } from './summary';

/*
 * The straightforward implementation of Scale's instrument semantics, on top of midi-file's event
 * lists: merge every event of a sequence, sort by tick (program changes first at a tick), replay.
 * It is slow and allocates an object per event; it exists so the byte scanner can be checked
 * against an implementation whose correctness is obvious, and as the midi-file baseline of the bench.
 */

interface Timed {
  readonly tick: number;
  readonly rank: number;
  readonly track: number;
  readonly order: number;
  readonly event: MidiEvent;
}

function timedEvents(tracks: MidiEvent[][], trackIndices: number[]): { events: Timed[]; endTick: number } {
  const events: Timed[] = [];
  let endTick = 0;
  for (const track of trackIndices) {
    let tick = 0;
    tracks[track].forEach((event, order) => {
      tick += event.deltaTime;
      events.push({ tick, rank: event.type === 'programChange' ? 0 : 1, track, order, event });
    });
    endTick = Math.max(endTick, tick);
  }
  events.sort((a, z) => a.tick - z.tick || a.rank - z.rank || a.track - z.track || a.order - z.order);
  return { events, endTick };
}

export function referenceScan(bytes: Uint8Array, options: { fallbackTitle?: string | null } = {}): MidiVerdict {
  let midi: ReturnType<typeof parseMidi>;
  try {
    midi = parseMidi(bytes);
  } catch (error) {
    return { ok: false, error: String(error) };
  }
  const { format, ticksPerBeat, framesPerSecond, ticksPerFrame } = midi.header;
  const sequences = format === 2 ? midi.tracks.map((_, i) => [i]) : [midi.tracks.map((_, i) => i)];

  let title: string | null = null;
  for (const event of midi.tracks.flat()) {
    if (event.type === 'trackName' && title === null) {
      const text = decodeText(Uint8Array.from(event.text, (c) => c.charCodeAt(0)));
      if (text !== '') title = text;
    }
  }

  const counts = new Array<number>(128).fill(0);
  let notes = 0;
  let drumNotes = 0;
  let seconds = 0;
  for (const sequence of sequences) {
    const { events, endTick } = timedEvents(midi.tracks, sequence);
    const programs = new Array<number>(16).fill(0);
    let tempo = 500_000;
    let lastTick = 0;
    let sequenceSeconds = 0;
    for (const { tick, event } of events) {
      if (event.type === 'programChange') {
        programs[event.channel] = event.programNumber;
      } else if (event.type === 'noteOn' && event.velocity > 0) {
        notes++;
        if (event.channel === 9) drumNotes++;
        else counts[programs[event.channel]]++;
      } else if (event.type === 'setTempo' && ticksPerBeat !== undefined && tick < endTick) {
        sequenceSeconds += ((tick - lastTick) * tempo) / (1e6 * ticksPerBeat);
        lastTick = tick;
        tempo = event.microsecondsPerBeat;
      }
    }
    if (ticksPerBeat !== undefined) {
      sequenceSeconds += ((endTick - lastTick) * tempo) / (1e6 * ticksPerBeat);
    } else {
      const fps = framesPerSecond === 29 ? 29.97 : (framesPerSecond ?? 0);
      sequenceSeconds = endTick / (fps * (ticksPerFrame ?? 0));
    }
    seconds += sequenceSeconds;
  }

  const instruments = instrumentsFromCounts(counts);
  return {
    ok: true,
    title: title ?? options.fallbackTitle ?? null,
    format: format as 0 | 1 | 2,
    tracks: midi.tracks.length,
    ticksPerQuarter: ticksPerBeat ?? null,
    durationSeconds: roundSeconds(seconds),
    notes,
    programs: instruments.map((i) => i.program),
    instruments,
    drums: drumNotes > 0,
    drumNotes,
  };
}
