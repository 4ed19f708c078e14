import { Midi } from '@tonejs/midi';
import { MidiVerdict, referenceScan, ScanOptions, scanMidi } from '@scale/midi';

/**
 * What the bench times: bytes in, instrument set out. Each returns a checksum of what it found
 * (notes + instruments, 0 for a refused file) so the work cannot be optimised away and every pass
 * can be checked to agree with the first.
 */
export interface Extractor {
  readonly name: string;
  readonly run: (bytes: Uint8Array) => number;
}

// One options object for every call: the timing loop should allocate only what the extractors do.
const OPTIONS: ScanOptions = { fallbackTitle: null };

function checksum(verdict: MidiVerdict): number {
  return verdict.ok ? verdict.notes + verdict.programs.length + (verdict.drums ? 1 : 0) : 0;
}

/**
 * The baseline a developer would write with @tonejs/midi: parse, then read the instrument set off
 * the tracks it builds (channel 10 is the drum kit, other tracks with notes name their program).
 * It throws on corrupt input, which counts as a refused file, as the scanner's verdicts do.
 */
function tonejsInstruments(bytes: Uint8Array): number {
  let midi: Midi;
  try {
    midi = new Midi(bytes);
  } catch {
    return 0;
  }
  const programs = new Set<number>();
  let drums = false;
  let notes = 0;
  for (const track of midi.tracks) {
    if (track.notes.length === 0) continue;
    notes += track.notes.length;
    if (track.channel === 9) drums = true;
    else programs.add(track.instrument.number);
  }
  const sorted = [...programs].sort((a, z) => a - z);
  return notes + sorted.length + (drums ? 1 : 0);
}

/** The production extractor first: the report states the others relative to it. */
export const EXTRACTORS: readonly Extractor[] = [
  { name: 'scanner', run: (bytes) => checksum(scanMidi(bytes, OPTIONS)) },
  { name: 'tonejs-midi', run: tonejsInstruments },
  { name: 'midi-file', run: (bytes) => checksum(referenceScan(bytes, OPTIONS)) },
];

/** Files the production extractor refuses, for the report: a bench on broken files means little. */
export function countInvalid(files: readonly Uint8Array[]): number {
  let invalid = 0;
  for (const bytes of files) if (!scanMidi(bytes, OPTIONS).ok) invalid++;
  return invalid;
}
