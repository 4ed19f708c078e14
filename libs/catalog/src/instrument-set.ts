import type { MidiSummary } from '@scale/midi';

/** The drum kit's place in a song's instrument set, after the 128 General MIDI programs. */
export const DRUM_KIT_INSTRUMENT = 128;

export interface InstrumentCount {
  readonly instrument: number;
  readonly notes: number;
}

/** A summary's instruments as the catalog stores them: programs ascending, then the drum kit. */
export function instrumentCounts(summary: MidiSummary): InstrumentCount[] {
  const counts: InstrumentCount[] = summary.instruments.map(({ program, notes }) => ({ instrument: program, notes }));
  if (summary.drums) counts.push({ instrument: DRUM_KIT_INSTRUMENT, notes: summary.drumNotes });
  return counts;
}
