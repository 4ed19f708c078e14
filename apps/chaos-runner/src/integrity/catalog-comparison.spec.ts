import { describe, expect, it } from 'vitest';
import { catalogsAgree, compareCatalogs, sampleEvenly, type CatalogSong } from './catalog-comparison';

const song = (key: string, etag = 'e1', bucket = 'b'): CatalogSong => ({ bucket, key, etag });

describe('compareCatalogs', () => {
  it('agrees on the same songs in any order', () => {
    const difference = compareCatalogs([song('a'), song('b'), song('c')], [song('c'), song('a'), song('b')]);
    expect(difference).toEqual({
      missingInExperiment: [],
      extraInExperiment: [],
      duplicates: { control: [], experiment: [] },
    });
    expect(catalogsAgree(difference)).toBe(true);
  });

  it('names the songs the experiment lost and the ones it has besides', () => {
    const difference = compareCatalogs([song('a'), song('b'), song('c')], [song('a'), song('d')]);
    expect(difference.missingInExperiment).toEqual(['b/b@e1', 'b/c@e1']);
    expect(difference.extraInExperiment).toEqual(['b/d@e1']);
    expect(catalogsAgree(difference)).toBe(false);
  });

  it('tells versions apart: another etag is missing on one side and extra on the other', () => {
    const difference = compareCatalogs([song('a', 'new')], [song('a', 'old')]);
    expect(difference.missingInExperiment).toEqual(['b/a@new']);
    expect(difference.extraInExperiment).toEqual(['b/a@old']);
  });

  it('tells buckets apart', () => {
    expect(compareCatalogs([song('a', 'e1', 'one')], [song('a', 'e1', 'two')]).missingInExperiment).toEqual([
      'one/a@e1',
    ]);
  });

  it('reports an object held twice, even at one version, as a duplicate of that group', () => {
    const difference = compareCatalogs([song('a'), song('b')], [song('a'), song('b'), song('b', 'e2'), song('a')]);
    expect(difference.duplicates).toEqual({ control: [], experiment: ['b/a', 'b/b'] });
    expect(difference.missingInExperiment).toEqual([]);
    expect(catalogsAgree(difference)).toBe(false);
  });
});

describe('sampleEvenly', () => {
  const keys = Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(3, '0')}`);

  it('spreads the sample over the keys in key order, the same each time', () => {
    const sample = sampleEvenly([...keys].reverse(), 4);
    expect(sample).toEqual(['k000', 'k025', 'k050', 'k075']);
    expect(sampleEvenly(keys, 4)).toEqual(sample);
  });

  it('takes every key when there are fewer than asked for, none for a size of 0', () => {
    expect(sampleEvenly(['b', 'a'], 5)).toEqual(['a', 'b']);
    expect(sampleEvenly(keys, 0)).toEqual([]);
  });
});
