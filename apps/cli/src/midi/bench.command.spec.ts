import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSong } from '@scale/midi-generator';
import { EXIT_OK, UsageError } from '../usage';
import { benchCommand } from './bench.command';
import { CapturedOutput, tempDir } from './testing';

interface BenchJson {
  files: number;
  bytes: number;
  results: { name: string; filesPerSec: number; mbPerSec: number }[];
  identicalToReference: number;
  differingFromReference: string[];
}

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

/** Two songs at the top, one nested, one corrupt, and a non-MIDI file the bench must skip. */
async function corpus(): Promise<number> {
  const songs = [generateSong(1, 0).bytes, generateSong(1, 1).bytes, generateSong(1, 2).bytes];
  await mkdir(join(dir.path, 'nested', 'deeper'), { recursive: true });
  await writeFile(join(dir.path, 'a.mid'), songs[0]);
  await writeFile(join(dir.path, 'B.MIDI'), songs[1]);
  await writeFile(join(dir.path, 'nested', 'deeper', 'c.mid'), songs[2]);
  const corrupt = songs[0].subarray(0, 40);
  await writeFile(join(dir.path, 'nested', 'broken.mid'), corrupt);
  await writeFile(join(dir.path, 'notes.txt'), 'not midi');
  return songs.reduce((sum, bytes) => sum + bytes.length, corrupt.length);
}

async function bench(args: string[]): Promise<{ code: number; lines: string[] }> {
  const out = new CapturedOutput();
  const code = await benchCommand(args, out);
  return { code, lines: out.lines };
}

describe('midi bench', () => {
  it('prints one JSON line with the three extractors over every MIDI file, corrupt ones included', async () => {
    const bytes = await corpus();
    const { code, lines } = await bench(['--json', '--seconds', '0.05', dir.path]);
    expect(code).toBe(EXIT_OK);
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]) as BenchJson;
    expect(report.files).toBe(4);
    expect(report.bytes).toBe(bytes);
    expect(report.identicalToReference).toBe(4);
    expect(report.differingFromReference).toEqual([]);
    expect(report.results.map((r) => r.name)).toEqual([
      'scanner',
      expect.stringContaining('tonejs'),
      expect.stringContaining('midi-file'),
    ]);
    for (const result of report.results) {
      expect(result.filesPerSec).toBeGreaterThan(0);
      expect(result.mbPerSec).toBeGreaterThan(0);
    }
  });

  it('prints an aligned table and the ratios in human form', async () => {
    await corpus();
    const { lines } = await bench(['--seconds', '0.05', join(dir.path, 'a.mid'), join(dir.path, 'nested')]);
    expect(lines[0]).toMatch(/^3 files, [\d.]+ MB, 1 refused by the scanner$/);
    expect(lines.slice(1, 5).map((line) => line.split(/\s+/)[0])).toEqual([
      'extractor',
      'scanner',
      'tonejs-midi',
      'midi-file',
    ]);
    expect(new Set(lines.slice(1, 5).map((line) => line.length)).size).toBe(1);
    expect(lines[5]).toMatch(/^scanner is [\d.]+x tonejs-midi, [\d.]+x midi-file$/);
    expect(lines[6]).toBe('results identical to the midi-file reference on 3 of 3 files');
  });

  it('benches generated songs when asked, with no directory', async () => {
    const { lines } = await bench(['--json', '--seconds', '0.05', '--generate', '5']);
    const report = JSON.parse(lines[0]) as BenchJson;
    expect(report.files).toBe(5);
    expect(report.results).toHaveLength(3);
  });

  it('throws UsageError for bad calls', async () => {
    const out = new CapturedOutput();
    await expect(benchCommand([], out)).rejects.toThrow(UsageError);
    await expect(benchCommand(['--json'], out)).rejects.toThrow(UsageError);
    await expect(benchCommand([join(dir.path, 'missing')], out)).rejects.toThrow(/no such file or directory/);
    await expect(benchCommand([dir.path], out)).rejects.toThrow(/no .mid or .midi files/);
    await expect(benchCommand(['--fast', dir.path], out)).rejects.toThrow(UsageError);
    await expect(benchCommand(['--seconds', '0', '--generate', '1'], out)).rejects.toThrow(UsageError);
    await expect(benchCommand(['--seconds', 'soon', '--generate', '1'], out)).rejects.toThrow(UsageError);
    await expect(benchCommand(['--generate', '-3'], out)).rejects.toThrow(UsageError);
    expect(out.lines).toEqual([]);
  });
});
