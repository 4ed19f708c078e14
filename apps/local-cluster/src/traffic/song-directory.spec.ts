import { describe, expect, it } from 'vitest';
import { SongDirectory, sharedSongs, type SongPage } from './song-directory';

const page = (ids: number[], nextCursor: string | null, prefix = 'k'): SongPage => ({
  items: ids.map((id) => ({ id, key: `${prefix}${id}`, title: `T${id}` })),
  nextCursor,
});

describe('SongDirectory', () => {
  it('reads forward page by page and reads the partial last page again next time', () => {
    const directory = new SongDirectory();
    expect(directory.cursor).toBeUndefined();
    expect(directory.learn(page([1, 2], 'c2'), undefined)).toBe(true);
    expect(directory.cursor).toBe('c2');
    expect(directory.learn(page([3], null), 'c2')).toBe(false);
    // Stays on the cursor of the partial page: songs appended after 3 are on it next time.
    expect(directory.cursor).toBe('c2');
    directory.learn(page([3, 4], null), 'c2');
    expect([...directory.keys()]).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(directory.idOf('k4')).toBe(4);
  });

  it('forgets the earliest learned songs past its capacity', () => {
    const directory = new SongDirectory(3);
    directory.learn(page([1, 2, 3, 4, 5], null), undefined);
    expect([...directory.keys()]).toEqual(['k3', 'k4', 'k5']);
  });
});

describe('sharedSongs', () => {
  it('is the keys both know, in key order, whatever their ids', () => {
    const control = new SongDirectory();
    const experiment = new SongDirectory();
    control.learn(
      {
        items: [
          { id: 1, key: 'b', title: 'B' },
          { id: 2, key: 'a', title: null },
          { id: 3, key: 'c', title: 'C' },
        ],
        nextCursor: null,
      },
      undefined,
    );
    experiment.learn(
      {
        items: [
          { id: 7, key: 'c', title: 'C' },
          { id: 9, key: 'a', title: null },
        ],
        nextCursor: null,
      },
      undefined,
    );
    expect(sharedSongs(control, experiment)).toEqual([
      { key: 'a', title: null },
      { key: 'c', title: 'C' },
    ]);
    expect(sharedSongs(experiment, control)).toEqual(sharedSongs(control, experiment));
  });
});
