import { parse } from 'node:path';
import { gmInstrument, MidiVerdict, scanMidi } from '@scale/midi';
import { EXIT_INVALID, EXIT_OK, UsageError } from '../usage';
import { parseCommandLine, positiveInteger } from '../options';
import { writeLine } from '../output';
import { DEFAULT_MAX_BYTES, readBounded } from './read-bounded';

/**
 * `scale midi inspect [--max-bytes N] FILE...`: one JSON line per file, written as soon as that file
 * is done, so a long list shows progress and memory does not grow with the number of files.
 * Returns EXIT_OK when every file is valid MIDI, EXIT_INVALID when any is not or cannot be read.
 */
export async function inspectCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals: files } = parseCommandLine(args, { 'max-bytes': { type: 'string' } });
  const maxBytes = positiveInteger('max-bytes', values['max-bytes'], DEFAULT_MAX_BYTES);
  if (files.length === 0) throw new UsageError('midi inspect needs at least one FILE');

  let allValid = true;
  for (const file of files) {
    const record = await inspectFile(file, maxBytes);
    if (!record.ok) allValid = false;
    await writeLine(out, JSON.stringify(record));
  }
  return allValid ? EXIT_OK : EXIT_INVALID;
}

type InspectRecord =
  ReturnType<typeof toRecord> | { readonly file: string; readonly ok: false; readonly error: string };

async function inspectFile(file: string, maxBytes: number): Promise<InspectRecord> {
  const read = await readBounded(file, maxBytes);
  if (!read.ok) return { file, ok: false, error: read.error };
  // The pipeline names untitled songs after their object key; the base name is the local equivalent.
  return toRecord(file, scanMidi(read.bytes, { fallbackTitle: parse(file).name }));
}

/** Field order is the documented output order, so lines read the same from one file to the next. */
function toRecord(file: string, verdict: MidiVerdict) {
  if (!verdict.ok) return { file, ok: false as const, error: verdict.error };
  return {
    file,
    ok: true as const,
    title: verdict.title,
    format: verdict.format,
    tracks: verdict.tracks,
    ticksPerQuarter: verdict.ticksPerQuarter,
    durationSeconds: verdict.durationSeconds,
    notes: verdict.notes,
    // The scanner lists programs in ascending order already.
    programs: verdict.programs,
    instruments: verdict.instruments.map(({ program, notes }) => ({
      program,
      name: gmInstrument(program).name,
      notes,
    })),
    drums: verdict.drums,
    drumNotes: verdict.drumNotes,
  };
}
