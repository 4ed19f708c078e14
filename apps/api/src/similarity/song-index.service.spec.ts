import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Environment } from '@scale/config';
import type { Logger } from '@scale/telemetry';
import type { ChangedSong, SongsRepository } from '../songs/songs.repository';
import { SongIndexService } from './song-index.service';

const song = (id: number, instruments: number[]): ChangedSong => ({
  id: String(id),
  object_key: `midi/${id}.mid`,
  title: `Song ${id}`,
  drums: false,
  instruments,
});

/** The service over a repository that answers the first read with these rows and later reads with none. */
async function loaded(rows: ChangedSong[]): Promise<SongIndexService> {
  let reads = 0;
  const songs = {
    changedSince: async () => ({ readAt: new Date(), rows: reads++ === 0 ? rows : [] }),
  } as unknown as SongsRepository;
  const environment = { SIMILARITY_REFRESH_SECONDS: 1, TITLE_SEARCH: 'memory' } as Environment;
  const logger = { info: () => undefined, warn: () => undefined } as unknown as Logger;
  const service = new SongIndexService(songs, environment, logger, new Registry());
  await service.refresh();
  return service;
}

describe('SongIndexService cards', () => {
  it("share one instrument array among the songs of a set, equal to each song's own", async () => {
    const service = await loaded([song(1, [0, 40]), song(2, [0, 40]), song(3, [0, 40, 73])]);
    expect(service.card(1)?.instruments).toEqual([0, 40]);
    expect(service.card(2)?.instruments).toBe(service.card(1)?.instruments);
    expect(service.card(3)?.instruments).toEqual([0, 40, 73]);
  });

  it('keep the order and repeats of a row whose instruments the index holds differently', async () => {
    const service = await loaded([song(1, [40, 0]), song(2, [0, 40]), song(3, [0, 0, 40])]);
    expect(service.card(1)?.instruments).toEqual([40, 0]);
    expect(service.card(2)?.instruments).toEqual([0, 40]);
    expect(service.card(3)?.instruments).toEqual([0, 0, 40]);
  });
});
