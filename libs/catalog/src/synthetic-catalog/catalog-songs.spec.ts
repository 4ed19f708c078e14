import { describe, expect, it } from 'vitest';
import { DRUM_KIT_INSTRUMENT } from '../instrument-set';
import { generateCatalogSongs, type GeneratedCatalogSong } from './catalog-songs';

const SAMPLE = 20_000;
// One sample shared by the distribution tests: generating it takes a fraction of a second.
const sample = [...generateCatalogSongs(1, SAMPLE)];

function set(song: GeneratedCatalogSong): string {
  return song.instruments.map((count) => count.instrument).join(',');
}

describe('generateCatalogSongs', () => {
  it('gives the same songs for the same seed, and other songs for another seed', () => {
    expect([...generateCatalogSongs(1, 500)]).toEqual(sample.slice(0, 500));
    const other = [...generateCatalogSongs(2, 500)];
    expect(other.map(set)).not.toEqual(sample.slice(0, 500).map(set));
    expect(other[0].objectKey).toBe('synthetic/2/song-000000.mid');
  });

  it('gives a song the same content whatever the catalog size or starting point', () => {
    expect([...generateCatalogSongs(1, 100, 19_900)]).toEqual(sample.slice(19_900));
  });

  it('keys, hashes and header fields look like an extracted MIDI file', () => {
    expect(sample[42].objectKey).toBe('synthetic/1/song-000042.mid');
    expect(new Set(sample.map((song) => song.objectKey)).size).toBe(SAMPLE);
    // Checked as one list of offenders: twenty thousand expect() calls per field would be slow.
    const wrong = sample.filter(
      (song) =>
        !/^[0-9a-f]{32}$/.test(song.etag) ||
        !/^[0-9a-f]{64}$/.test(song.contentSha256) ||
        !/^\S.* \d+$/.test(song.title) ||
        !(song.format === 0 ? song.tracks === 1 : song.format === 1 && song.tracks >= song.instruments.length + 1) ||
        !(song.ticksPerQuarter > 0 && song.durationSeconds > 0 && song.sizeBytes > song.notes * 6),
    );
    expect(wrong).toEqual([]);
  });

  it('lists instruments 0-128 ascending without repeats, each with notes, the drum kit last', () => {
    const wrong = sample.filter((song) => {
      const instruments = song.instruments.map((count) => count.instrument);
      return (
        instruments.length === 0 ||
        !instruments.every(
          (instrument) => Number.isInteger(instrument) && instrument >= 0 && instrument <= DRUM_KIT_INSTRUMENT,
        ) ||
        !instruments.every((instrument, i) => i === 0 || instrument > instruments[i - 1]) ||
        !song.instruments.every((count) => Number.isInteger(count.notes) && count.notes > 0) ||
        instruments.includes(DRUM_KIT_INSTRUMENT) !== song.drums ||
        song.drumNotes !== (song.drums ? song.instruments.at(-1)!.notes : 0) ||
        song.notes !== song.instruments.reduce((total, count) => total + count.notes, 0)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('puts drums in about two songs in three', () => {
    const share = sample.filter((song) => song.drums).length / SAMPLE;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.75);
  });

  it('gives a Lakh-like number of melodic programs: median 6-8, solo pieces, a tail to 20', () => {
    const melodic = sample.map((song) => song.instruments.length - (song.drums ? 1 : 0)).sort((a, z) => a - z);
    const mean = melodic.reduce((total, n) => total + n, 0) / SAMPLE;
    expect(mean).toBeGreaterThan(6);
    expect(mean).toBeLessThan(9);
    expect(melodic[SAMPLE / 2]).toBeGreaterThanOrEqual(6);
    expect(melodic[SAMPLE / 2]).toBeLessThanOrEqual(8);
    expect(melodic.filter((n) => n <= 2).length / SAMPLE).toBeGreaterThan(0.05);
    expect(melodic.at(-1)).toBeGreaterThanOrEqual(16);
    expect(melodic.at(-1)).toBeLessThanOrEqual(20);
  });

  it('makes the everyday programs dominant: piano, string ensemble, basses, guitars', () => {
    const songsWith = new Array<number>(129).fill(0);
    for (const song of sample) for (const count of song.instruments) songsWith[count.instrument]++;
    const top = songsWith
      .map((songs, instrument) => ({ instrument, songs }))
      .filter(({ instrument }) => instrument !== DRUM_KIT_INSTRUMENT)
      .sort((a, z) => z.songs - a.songs)
      .slice(0, 10)
      .map(({ instrument }) => instrument);
    expect(top[0]).toBe(0); // Acoustic Grand Piano
    expect(top).toContain(48); // String Ensemble 1
    expect(top).toContain(33); // Electric Bass (finger)
    expect(top.filter((program) => program >= 24 && program <= 31).length).toBeGreaterThanOrEqual(3); // guitars
    // Rare families stay rare: no sound effect in more than 1% of songs.
    for (let program = 120; program < 128; program++) expect(songsWith[program] / SAMPLE).toBeLessThan(0.01);
  });

  it('shares exact instrument sets between many songs while keeping thousands of distinct sets', () => {
    const songsPerSet = new Map<string, number>();
    for (const song of sample) songsPerSet.set(set(song), (songsPerSet.get(set(song)) ?? 0) + 1);
    const inSharedSets = [...songsPerSet.values()]
      .filter((songs) => songs > 1)
      .reduce((total, songs) => total + songs, 0);
    expect(inSharedSets / SAMPLE).toBeGreaterThan(0.35);
    expect(Math.max(...songsPerSet.values())).toBeGreaterThan(100);
    expect(songsPerSet.size).toBeGreaterThan(5_000);
  });

  it('refuses a negative or fractional seed or count', () => {
    expect(() => generateCatalogSongs(-1, 1).next()).toThrow(RangeError);
    expect(() => generateCatalogSongs(1, 1.5).next()).toThrow(RangeError);
  });
});
