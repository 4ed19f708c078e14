import { describe, expect, it } from 'vitest';
import { createRandom } from '@scale/midi-generator';
import { FALLBACK_TERM, planRequest, requestPath, searchTerm, type KnownSong, type RequestPlan } from './request-plan';

const songs: KnownSong[] = Array.from({ length: 50 }, (_, i) => ({
  key: `demo/0/song-${String(i).padStart(6, '0')}.mid`,
  title: `Blue Night ${i}`,
}));

describe('planRequest', () => {
  it('mixes about 40% searches, 30% songs and 30% similar songs', () => {
    const random = createRandom(3);
    const counts = { search: 0, song: 0, similar: 0 };
    for (let i = 0; i < 10_000; i++) counts[planRequest(random, songs).kind]++;
    expect(counts.search / 10_000).toBeCloseTo(0.4, 1);
    expect(counts.song / 10_000).toBeCloseTo(0.3, 1);
    expect(counts.similar / 10_000).toBeCloseTo(0.3, 1);
  });

  it('is the same sequence for the same seed, and only names known songs', () => {
    const sequence = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 200 }, () => planRequest(random, songs));
    };
    expect(sequence(9)).toEqual(sequence(9));
    expect(sequence(9)).not.toEqual(sequence(10));
    const keys = new Set(songs.map((song) => song.key));
    for (const plan of sequence(9)) if (plan.kind !== 'search') expect(keys.has(plan.key)).toBe(true);
  });

  it('searches only while no song is known, so the rate still holds', () => {
    const random = createRandom(1);
    const plans = Array.from({ length: 100 }, () => planRequest(random, []));
    expect(new Set(plans.map((plan) => JSON.stringify(plan)))).toEqual(
      new Set([JSON.stringify({ kind: 'search', term: FALLBACK_TERM })]),
    );
  });
});

describe('searchTerm', () => {
  it('takes a word of the title, else the file name', () => {
    const random = createRandom(1);
    expect(['blue', 'night']).toContain(searchTerm({ key: 'a/b.mid', title: 'Blue Night 12' }, random));
    expect(searchTerm({ key: 'demo/0/song-000042.mid', title: null }, random)).toBe('song-000042');
    expect(searchTerm({ key: 'x/y/track.mid', title: '12 34' }, random)).toBe('track');
  });
});

describe('requestPath', () => {
  const ids = new Map([['demo/0/song-000001.mid', 17]]);
  const idOf = (key: string) => ids.get(key);

  it("addresses the song by the group's own id", () => {
    expect(requestPath({ kind: 'song', key: 'demo/0/song-000001.mid' }, idOf)).toBe('/api/songs/17');
    expect(requestPath({ kind: 'similar', key: 'demo/0/song-000001.mid' }, idOf)).toBe('/api/songs/17/similar');
    expect(requestPath({ kind: 'song', key: 'unknown.mid' }, idOf)).toBeNull();
  });

  it('escapes the search term', () => {
    const plan: RequestPlan = { kind: 'search', term: 'rock & roll' };
    expect(requestPath(plan, idOf)).toBe('/api/songs?q=rock%20%26%20roll&limit=20');
  });
});
