import { describe, expect, it } from 'vitest';
import { generateCatalogSongs } from './catalog-songs';
import { instrumentColumns, instrumentSetLiteral, songColumns } from './catalog-writer';

const songs = [...generateCatalogSongs(3, 4)];

describe('catalog writer columns', () => {
  it('gives one array per songs column, one entry per song, in the INSERT parameter order', () => {
    const params = songColumns('bucket', songs);
    expect(params).toHaveLength(14);
    expect(params[0]).toBe('bucket');
    for (const column of params.slice(1)) expect(column).toHaveLength(songs.length);
    expect(params[1]).toEqual(songs.map((song) => song.objectKey));
    expect(params[13]).toEqual(songs.map(instrumentSetLiteral));
  });

  it('writes a set as a Postgres array literal', () => {
    const literal = instrumentSetLiteral(songs[0]);
    expect(literal).toMatch(/^\{\d+(,\d+)*\}$/);
    expect(literal).toBe(`{${songs[0].instruments.map((count) => count.instrument).join(',')}}`);
  });

  it('gives instrument rows only for the songs Postgres inserted, under their new ids', () => {
    const [ids, instruments, notes] = instrumentColumns(songs, [{ id: '7', object_key: songs[2].objectKey }]);
    expect(ids).toEqual(songs[2].instruments.map(() => '7'));
    expect(instruments).toEqual(songs[2].instruments.map((count) => count.instrument));
    expect(notes).toEqual(songs[2].instruments.map((count) => count.notes));
    expect(instrumentColumns(songs, [])).toEqual([[], [], []]);
  });

  it('refuses a returned key that was not in the batch', () => {
    expect(() => instrumentColumns(songs, [{ id: '1', object_key: 'elsewhere.mid' }])).toThrow(/not in the batch/);
  });
});
