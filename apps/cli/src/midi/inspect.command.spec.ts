import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSong } from '@scale/midi-generator';
import { endOfTrack, noteOn, program, smf, trackName } from '../../../../libs/midi/src/testing/smf';
import { EXIT_INVALID, EXIT_OK, UsageError } from '../usage';
import { inspectCommand } from './inspect.command';
import { CapturedOutput, tempDir } from './testing';

type Json = Record<string, unknown>;

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

async function file(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir.path, name);
  await writeFile(path, bytes);
  return path;
}

async function inspect(args: string[]): Promise<{ code: number; records: Json[] }> {
  const out = new CapturedOutput();
  const code = await inspectCommand(args, out);
  return { code, records: out.lines.map((line) => JSON.parse(line) as Json) };
}

describe('midi inspect', () => {
  it('reports a valid file with every documented field, in order', async () => {
    const bytes = smf(1, [
      [...trackName(0, 'Blue Train'), ...endOfTrack()],
      [...program(0, 0, 33), ...noteOn(0, 0, 40), ...noteOn(96, 0, 41), ...endOfTrack()],
      [...noteOn(0, 9, 36), ...endOfTrack(96)],
    ]);
    const path = await file('blue.mid', bytes);
    const { code, records } = await inspect([path]);
    expect(code).toBe(EXIT_OK);
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0])).toEqual([
      'file',
      'ok',
      'title',
      'format',
      'tracks',
      'ticksPerQuarter',
      'durationSeconds',
      'notes',
      'programs',
      'instruments',
      'drums',
      'drumNotes',
    ]);
    expect(records[0]).toEqual({
      file: path,
      ok: true,
      title: 'Blue Train',
      format: 1,
      tracks: 3,
      ticksPerQuarter: 96,
      durationSeconds: 0.5,
      notes: 3,
      programs: [33],
      instruments: [{ program: 33, name: 'Electric Bass (finger)', notes: 2 }],
      drums: true,
      drumNotes: 1,
    });
  });

  it('agrees with what the corpus generator wrote', async () => {
    const song = generateSong(1, 7);
    const { code, records } = await inspect([await file('song.mid', song.bytes)]);
    expect(code).toBe(EXIT_OK);
    expect(records[0]).toMatchObject({
      ok: true,
      programs: song.expected.programs,
      drums: song.expected.drums,
      notes: song.expected.notes,
    });
  });

  it('names an untitled song after the file, without its extension', async () => {
    const path = await file('Night Rain.midi', smf(0, [[...noteOn(0, 0, 60), ...endOfTrack()]]));
    const { records } = await inspect([path]);
    expect(records[0].title).toBe('Night Rain');
  });

  it('reports a corrupt file as invalid and still reports the files after it', async () => {
    const corrupt = await file(
      'corrupt.mid',
      Uint8Array.from([...'MThd'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 6, 0, 1])),
    );
    const valid = await file('valid.mid', generateSong(1, 0).bytes);
    const { code, records } = await inspect([corrupt, valid]);
    expect(code).toBe(EXIT_INVALID);
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual({ file: corrupt, ok: false, error: expect.stringMatching(/too short/) });
    expect(records[1]).toMatchObject({ file: valid, ok: true });
  });

  it('refuses a file above --max-bytes without scanning it', async () => {
    const bytes = generateSong(1, 1).bytes;
    const path = await file('big.mid', bytes);
    const { code, records } = await inspect(['--max-bytes', '100', path]);
    expect(code).toBe(EXIT_INVALID);
    expect(records[0]).toEqual({
      file: path,
      ok: false,
      error: `file is ${bytes.length} bytes, above the 100-byte limit`,
    });
  });

  it('accepts a file exactly at the limit', async () => {
    const bytes = generateSong(1, 2).bytes;
    const { code } = await inspect([`--max-bytes=${bytes.length}`, await file('exact.mid', bytes)]);
    expect(code).toBe(EXIT_OK);
  });

  it('reports a missing file and a directory as unreadable, not as exceptions', async () => {
    const missing = join(dir.path, 'missing.mid');
    const folder = join(dir.path, 'folder.mid');
    await mkdir(folder);
    const { code, records } = await inspect([missing, folder]);
    expect(code).toBe(EXIT_INVALID);
    expect(records).toEqual([
      { file: missing, ok: false, error: 'no such file' },
      { file: folder, ok: false, error: 'is a directory, not a file' },
    ]);
  });

  it('throws UsageError for no files, an unknown option or a bad --max-bytes', async () => {
    const out = new CapturedOutput();
    await expect(inspectCommand([], out)).rejects.toThrow(UsageError);
    await expect(inspectCommand(['--frobnicate', 'a.mid'], out)).rejects.toThrow(UsageError);
    await expect(inspectCommand(['--max-bytes', 'lots', 'a.mid'], out)).rejects.toThrow(UsageError);
    await expect(inspectCommand(['--max-bytes', '0', 'a.mid'], out)).rejects.toThrow(UsageError);
    await expect(inspectCommand(['a.mid', '--max-bytes'], out)).rejects.toThrow(UsageError);
    expect(out.lines).toEqual([]);
  });

  it('writes each result before reading the next file', async () => {
    const first = await file('first.mid', generateSong(1, 3).bytes);
    const second = join(dir.path, 'second.mid');
    // The second file only appears once the first line is out: buffering all results would miss it.
    const out = new CapturedOutput({ onLine: () => writeFileSync(second, generateSong(1, 4).bytes) });
    const code = await inspectCommand([first, second], out);
    expect(code).toBe(EXIT_OK);
    expect(out.lines.map((line) => (JSON.parse(line) as Json).ok)).toEqual([true, true]);
  });
});
