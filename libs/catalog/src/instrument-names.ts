import { DRUM_KIT_INSTRUMENT } from './instrument-set';
import { gmInstrument } from '@scale/midi';

export interface NamedInstrument {
  readonly instrument: number;
  readonly name: string;
  readonly family: string;
}

const DRUM_KIT: NamedInstrument = { instrument: DRUM_KIT_INSTRUMENT, name: 'Drum kit', family: 'Drums (channel 10)' };

/** The catalog's instrument numbers with their General MIDI names, the drum kit included. */
export function nameInstrument(instrument: number): NamedInstrument {
  if (instrument === DRUM_KIT_INSTRUMENT) return DRUM_KIT;
  const { name, family } = gmInstrument(instrument);
  return { instrument, name, family };
}
