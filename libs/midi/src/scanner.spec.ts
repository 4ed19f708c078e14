import { describe, expect, it } from 'vitest';
import { scanMidi } from './scanner';
import { MidiSummary, MidiVerdict } from './summary';
import { endOfTrack, header, noteOff, noteOn, program, smf, tempo, track, trackName, vlq } from './testing/smf';

function summary(verdict: MidiVerdict): MidiSummary {
  if (!verdict.ok) throw new Error(`expected a valid file, got: ${verdict.error}`);
  return verdict;
}

function failure(verdict: MidiVerdict): string {
  if (verdict.ok) throw new Error('expected the file to be refused');
  return verdict.error;
}

describe('scanMidi: instruments', () => {
  it('counts the notes of the program active on the channel', () => {
    const file = smf(0, [
      [...program(0, 0, 40), ...noteOn(0, 0, 60), ...noteOff(10, 0, 60), ...noteOn(0, 0, 62), ...endOfTrack()],
    ]);
    const result = summary(scanMidi(file));
    expect(result.programs).toEqual([40]);
    expect(result.instruments).toEqual([{ program: 40, notes: 2 }]);
    expect(result.notes).toBe(2);
    expect(result.drums).toBe(false);
    expect(result.format).toBe(0);
    expect(result.tracks).toBe(1);
    expect(result.ticksPerQuarter).toBe(96);
  });

  it('starts every channel on program 0', () => {
    const result = summary(scanMidi(smf(0, [[...noteOn(0, 3, 60), ...endOfTrack()]])));
    expect(result.instruments).toEqual([{ program: 0, notes: 1 }]);
  });

  it('follows running status for note-ons and note-offs', () => {
    // 0x91 once, then three more note-ons on channel 1 without a status byte.
    const events = [...program(0, 1, 33), 0x00, 0x91, 60, 90, 0x00, 62, 90, 0x10, 60, 0, 0x00, 64, 90, ...endOfTrack()];
    const result = summary(scanMidi(smf(0, [events])));
    expect(result.instruments).toEqual([{ program: 33, notes: 3 }]);
  });

  it('does not count note-ons of velocity 0, which are note-offs', () => {
    const events = [...noteOn(0, 0, 60, 0), ...noteOn(0, 0, 61, 0), ...noteOn(0, 1, 60, 1), ...endOfTrack()];
    const result = summary(scanMidi(smf(0, [events])));
    expect(result.notes).toBe(1);
    expect(result.instruments).toEqual([{ program: 0, notes: 1 }]);
  });

  it('skips sysex, escaped sysex and meta events, keeping running status across them', () => {
    const sysex = [0x00, 0xf0, ...vlq(5), 0x7e, 0x7f, 0x09, 0x01, 0xf7];
    const escape = [0x00, 0xf7, ...vlq(2), 0xf3, 0x01];
    const text = [0x00, 0xff, 0x01, ...vlq(3), 0x61, 0x62, 0x63];
    const events = [
      ...program(0, 2, 19),
      0x00,
      0x92,
      60,
      80,
      ...sysex,
      ...escape,
      ...text,
      0x00,
      61,
      80,
      ...endOfTrack(),
    ];
    const result = summary(scanMidi(smf(0, [events])));
    expect(result.instruments).toEqual([{ program: 19, notes: 2 }]);
  });

  it('reports channel 10 as the drum kit, never as a program', () => {
    const events = [...noteOn(0, 9, 36), ...noteOn(0, 9, 38), ...noteOn(0, 4, 50), ...endOfTrack()];
    const result = summary(scanMidi(smf(0, [events])));
    expect(result.drums).toBe(true);
    expect(result.drumNotes).toBe(2);
    expect(result.programs).toEqual([0]);
    expect(result.notes).toBe(3);
  });

  it('reports no drums and no programs for a file of drum notes only, apart from the kit', () => {
    const result = summary(scanMidi(smf(0, [[...program(0, 9, 25), ...noteOn(0, 9, 36), ...endOfTrack()]])));
    expect(result.programs).toEqual([]);
    expect(result.drums).toBe(true);
  });

  it('keeps notes played before a program change on the earlier program', () => {
    const events = [
      ...noteOn(0, 0, 60),
      ...noteOn(10, 0, 60),
      ...program(10, 0, 56),
      ...noteOn(0, 0, 60),
      ...noteOn(5, 0, 60),
      ...endOfTrack(),
    ];
    const result = summary(scanMidi(smf(0, [events])));
    expect(result.instruments).toEqual([
      { program: 0, notes: 2 },
      { program: 56, notes: 2 },
    ]);
  });

  it('merges format 1 tracks in tick order: a change in one track applies to notes of another', () => {
    const conductor = [...program(100, 5, 73), ...endOfTrack()];
    const part = [...noteOn(50, 5, 70), ...noteOn(50, 5, 71), ...noteOn(50, 5, 72), ...endOfTrack()];
    const result = summary(scanMidi(smf(1, [conductor, part])));
    // tick 50 on program 0; ticks 100 (same tick as the change, which goes first) and 150 on 73.
    expect(result.instruments).toEqual([
      { program: 0, notes: 1 },
      { program: 73, notes: 2 },
    ]);
  });

  it('applies a change from a later track to notes of an earlier one at the same tick', () => {
    const part = [...noteOn(100, 5, 70), ...endOfTrack()];
    const later = [...program(100, 5, 73), ...endOfTrack()];
    expect(summary(scanMidi(smf(1, [part, later]))).programs).toEqual([73]);
  });

  it('treats each format 2 track as a sequence of its own', () => {
    const first = [...program(0, 0, 24), ...noteOn(0, 0, 60), ...endOfTrack()];
    const second = [...noteOn(10, 0, 60), ...endOfTrack()];
    const result = summary(scanMidi(smf(2, [first, second])));
    expect(result.instruments).toEqual([
      { program: 0, notes: 1 },
      { program: 24, notes: 1 },
    ]);
  });

  it('lets tracks without notes contribute nothing', () => {
    const silent = [...trackName(0, 'Strings'), ...program(0, 1, 48), ...endOfTrack()];
    const piano = [...noteOn(0, 0, 60), ...endOfTrack()];
    expect(summary(scanMidi(smf(1, [silent, piano]))).programs).toEqual([0]);
  });
});

describe('scanMidi: song facts', () => {
  it('takes the first non-empty track name as the title, else the fallback', () => {
    const named = smf(1, [
      [...trackName(0, '  '), ...trackName(0, 'Für Elise'), ...endOfTrack()],
      [...trackName(0, 'Piano'), ...endOfTrack()],
    ]);
    expect(summary(scanMidi(named, { fallbackTitle: 'x.mid' })).title).toBe('Für Elise');
    const unnamed = smf(0, [endOfTrack()]);
    expect(summary(scanMidi(unnamed, { fallbackTitle: 'x.mid' })).title).toBe('x.mid');
  });

  it('decodes Latin-1 titles that are not UTF-8', () => {
    const bytes = [0x43, 0x61, 0x66, 0xe9]; // "Café" in Latin-1
    const file = smf(0, [[0x00, 0xff, 0x03, bytes.length, ...bytes, ...endOfTrack()]]);
    expect(summary(scanMidi(file)).title).toBe('Café');
  });

  it('computes the duration from the tempo map, up to the last event', () => {
    // 96 ticks at 120 bpm (0.5 s), then 192 ticks at 60 bpm (2 s).
    const conductor = [...tempo(0, 500_000), ...tempo(96, 1_000_000), ...endOfTrack()];
    const part = [...noteOn(0, 0, 60), ...noteOff(288, 0, 60), ...endOfTrack()];
    expect(summary(scanMidi(smf(1, [conductor, part]))).durationSeconds).toBe(2.5);
  });

  it('times SMPTE files in frames', () => {
    // -25 frames per second, 40 ticks per frame: 1000 ticks per second.
    const division = ((256 - 25) << 8) | 40;
    const result = summary(
      scanMidi(smf(0, [[...noteOn(0, 0, 60), ...noteOff(1500, 0, 60), ...endOfTrack()]], division)),
    );
    expect(result.ticksPerQuarter).toBeNull();
    expect(result.durationSeconds).toBe(1.5);
  });

  it('ignores alien chunks and trailing padding', () => {
    const alien = [0x58, 0x46, 0x49, 0x48, 0, 0, 0, 2, 0xaa, 0xbb];
    const file = Uint8Array.from([
      ...header(0, 1),
      ...alien,
      ...track([...noteOn(0, 0, 60), ...endOfTrack()]),
      0,
      0,
      0,
    ]);
    expect(summary(scanMidi(file)).notes).toBe(1);
  });

  it('reads as many tracks as the header declares and ignores chunks after them', () => {
    const declared = track([...program(0, 0, 40), ...noteOn(0, 0, 60), ...endOfTrack()]);
    const stray = track([...program(0, 1, 70), ...noteOn(0, 1, 60), ...endOfTrack()]);
    const file = Uint8Array.from([...header(1, 1), ...declared, ...stray]);
    expect(summary(scanMidi(file))).toMatchObject({ tracks: 1, programs: [40], notes: 1 });
  });
});

describe('scanMidi: corrupt files get a verdict a person understands', () => {
  const valid = smf(1, [
    [...noteOn(0, 0, 60), ...endOfTrack()],
    [...noteOn(0, 1, 60), ...endOfTrack()],
  ]);

  it('refuses files that are not MIDI', () => {
    expect(failure(scanMidi(new Uint8Array(0)))).toMatch(/too short/);
    expect(failure(scanMidi(Buffer.from('ID3 this is an mp3 file, not midi')))).toMatch(/not a MIDI file/);
    expect(failure(scanMidi(Buffer.from('RIFF\0\0\0\0RMIDdata and more bytes')))).toMatch(/RMID/);
  });

  it('refuses bad headers', () => {
    const short = Uint8Array.from([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]);
    expect(failure(scanMidi(short))).toMatch(/bad header.*2 bytes long/);
    expect(failure(scanMidi(smf(3, [endOfTrack()])))).toMatch(/unknown MIDI format 3/);
    expect(failure(scanMidi(smf(0, [endOfTrack()], 0)))).toMatch(/zero ticks per quarter/);
  });

  it('refuses a truncated file', () => {
    expect(failure(scanMidi(valid.subarray(0, valid.length - 3)))).toMatch(/track 2 is truncated/);
    expect(failure(scanMidi(valid.subarray(0, 14 + 8 + 8)))).toMatch(
      /truncated: the header declares 2 tracks but the file holds 1/,
    );
  });

  it('refuses a track whose declared length runs past the end of the file', () => {
    const file = Uint8Array.from(valid);
    file[14 + 7] = 0xff; // first track's length: 255 bytes
    expect(failure(scanMidi(file))).toMatch(/track 1 is truncated: its chunk declares 255 bytes/);
  });

  it('refuses a runaway variable-length number', () => {
    const file = smf(0, [[0x81, 0x81, 0x81, 0x81, 0x81, 0x00, 0x90, 60, 100, ...endOfTrack()]]);
    expect(failure(scanMidi(file))).toMatch(/delta time longer than 4 bytes/);
    const meta = smf(0, [[0x00, 0xff, 0x01, 0x8f, 0x8f, 0x8f, 0x8f, 0x01, ...endOfTrack()]]);
    expect(failure(scanMidi(meta))).toMatch(/variable-length number longer than 4 bytes/);
  });

  it('refuses running status with no status byte before it', () => {
    expect(failure(scanMidi(smf(0, [[0x00, 60, 100, ...endOfTrack()]])))).toMatch(/running status with no status byte/);
  });

  it('refuses events cut by the end of their track and status bytes a file cannot hold', () => {
    expect(failure(scanMidi(smf(0, [[0x00, 0x90, 60]])))).toMatch(/ends in the middle of a note-on/);
    expect(failure(scanMidi(smf(0, [[0x00, 0xff, 0x01, 0x10, 0x61]])))).toMatch(/meta event of 16 bytes runs past/);
    expect(failure(scanMidi(smf(0, [[0x00, 0xf4, ...endOfTrack()]])))).toMatch(/status byte 0xf4 is not allowed/);
    expect(failure(scanMidi(smf(0, [[0x00, 0xc0, 0x85, ...endOfTrack()]])))).toMatch(/program change to 133/);
  });
});
