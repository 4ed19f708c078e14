/** What Scale keeps of one MIDI file: which instruments sound in it, and a few facts about it. */

export interface InstrumentNotes {
  /** General MIDI program, 0 to 127. */
  readonly program: number;
  /** Note-ons with velocity above zero played on this program. */
  readonly notes: number;
}

export interface MidiSummary {
  readonly ok: true;
  /** First track or sequence name in the file, else the fallback title given by the caller. */
  readonly title: string | null;
  readonly format: 0 | 1 | 2;
  /** MTrk chunks in the file. */
  readonly tracks: number;
  /** Null for files timed in SMPTE frames rather than quarter notes. */
  readonly ticksPerQuarter: number | null;
  readonly durationSeconds: number;
  /** Note-ons with velocity above zero on every channel, drums included. */
  readonly notes: number;
  /** Programs that sound at least one note, ascending. */
  readonly programs: readonly number[];
  /** Note counts for `programs`, in the same order. */
  readonly instruments: readonly InstrumentNotes[];
  /** Whether channel 10, the GM drum kit, sounds at least one note. */
  readonly drums: boolean;
  readonly drumNotes: number;
}

export interface MidiFailure {
  readonly ok: false;
  /** What is wrong with the file, for a person. */
  readonly error: string;
}

export type MidiVerdict = MidiSummary | MidiFailure;

/** Durations are kept to the microsecond so that two exact computations agree to the last digit. */
export function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

/**
 * MIDI text events carry no declared encoding: most are ASCII, many are Latin-1, newer ones UTF-8.
 * UTF-8 is tried first because a Latin-1 string is almost never valid UTF-8 by accident.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = latin1.decode(bytes);
  }
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function instrumentsFromCounts(counts: ArrayLike<number>): InstrumentNotes[] {
  const instruments: InstrumentNotes[] = [];
  for (let program = 0; program < 128; program++) {
    const notes = counts[program];
    if (notes > 0) instruments.push({ program, notes });
  }
  return instruments;
}

/** SMPTE divisions store negative frames per second in the high byte; 29 means 29.97 (drop frame). */
export function smpteTicksPerSecond(division: number): number {
  const frames = 256 - (division >> 8);
  const fps = frames === 29 ? 29.97 : frames;
  return fps * (division & 0xff);
}
