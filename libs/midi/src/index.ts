export { scanMidi } from './scanner';
export type { ScanOptions } from './scanner';
export { referenceScan } from './reference';
export { decodeText } from './summary';
export type { MidiSummary, MidiFailure, MidiVerdict, InstrumentNotes } from './summary';
export { GM_FAMILIES, GM_INSTRUMENTS, DRUM_KIT, DRUM_CHANNEL_INDEX, gmInstrument, drumKeyName } from './general-midi';
export type { GmFamily, GmInstrument } from './general-midi';
