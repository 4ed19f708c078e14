import { afterAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ExtractionQueueRepository, ExtractionResultsRepository } from '@scale/catalog';
import { generateSong } from '@scale/midi-generator';
import { scanMidi, MidiSummary } from '@scale/midi';
import { count, createDatabase, openCatalog } from '../support/catalog-database';

// The queue and result writes against the real Postgres, at the edges the extractor rarely meets.
describe('extraction queue and results', () => {
  const opened: DataSource[] = [];
  afterAll(() => Promise.all(opened.map((dataSource) => dataSource.destroy())));

  async function repositories() {
    const catalog = await openCatalog(await createDatabase(inject('adminDatabaseUrl')));
    opened.push(catalog);
    return {
      catalog,
      queue: new ExtractionQueueRepository(catalog),
      results: new ExtractionResultsRepository(catalog),
    };
  }

  const summaryOf = (seed: number) => scanMidi(generateSong(seed, 0).bytes) as MidiSummary;

  it('writes one row when a batch holds two versions of one object, the later one', async () => {
    const { catalog, queue, results } = await repositories();
    await queue.enqueue('b', [
      { key: 'x.mid', etag: 'v1', size: 10 },
      { key: 'x.mid', etag: 'v2', size: 10 },
    ]);
    const jobs = await queue.claim('b', 'w', 10, 60);
    expect(jobs.map((job) => job.etag)).toEqual(['v1', 'v2']);
    const recorded = await results.record(
      'w',
      jobs.map((job, i) => ({
        kind: 'song',
        jobId: job.id,
        bucket: 'b',
        key: 'x.mid',
        etag: job.etag,
        size: 10,
        sha256: 'f'.repeat(64),
        summary: summaryOf(i + 1),
      })),
    );
    expect(recorded).toMatchObject({ songs: 1, unchanged: 1, lost: 0 });
    const [row]: Array<{ etag: string; instruments: number[] }> = await catalog.query(
      `select etag, instruments from songs`,
    );
    expect(row.etag).toBe('v2');
    const expected = summaryOf(2);
    expect(row.instruments).toEqual([...expected.programs, ...(expected.drums ? [128] : [])]);
  });

  it('writes nothing for jobs whose lease passed to another worker', async () => {
    const { catalog, queue, results } = await repositories();
    await queue.enqueue('b', [{ key: 'y.mid', etag: 'v1', size: 10 }]);
    const [job] = await queue.claim('b', 'slow', 10, 60);
    await catalog.query(`update extraction_jobs set locked_until = now() - interval '1 second'`);
    const [stolen] = await queue.claim('b', 'fast', 10, 60);
    expect(stolen.attempts).toBe(2);

    const outcome = {
      kind: 'song' as const,
      bucket: 'b',
      key: 'y.mid',
      etag: 'v1',
      size: 10,
      sha256: 'a'.repeat(64),
      summary: summaryOf(5),
    };
    expect(await results.record('fast', [{ ...outcome, jobId: stolen.id }])).toMatchObject({ songs: 1, lost: 0 });
    expect(await results.record('slow', [{ ...outcome, jobId: job.id }])).toMatchObject({
      songs: 0,
      unchanged: 0,
      lost: 1,
    });
    expect(await count(catalog, 'select 1 from songs')).toBe(1);
    expect(await count(catalog, 'select 1 from song_instruments')).toBe(
      outcome.summary.programs.length + (outcome.summary.drums ? 1 : 0),
    );
  });

  it('does not queue versions already extracted or refused, nor the same version twice', async () => {
    const { queue, results } = await repositories();
    expect(
      await queue.enqueue('b', [
        { key: 'a.mid', etag: '1', size: 1 },
        { key: 'c.mid', etag: '1', size: 1 },
      ]),
    ).toBe(2);
    expect(await queue.enqueue('b', [{ key: 'a.mid', etag: '1', size: 1 }])).toBe(0);
    const jobs = await queue.claim('b', 'w', 10, 60);
    await results.record('w', [
      {
        kind: 'song',
        jobId: jobs[0].id,
        bucket: 'b',
        key: 'a.mid',
        etag: '1',
        size: 1,
        sha256: 'b'.repeat(64),
        summary: summaryOf(3),
      },
      { kind: 'invalid', jobId: jobs[1].id, bucket: 'b', key: 'c.mid', etag: '1', size: 1, reason: 'not a MIDI file' },
    ]);
    expect(
      await queue.enqueue('b', [
        { key: 'a.mid', etag: '1', size: 1 },
        { key: 'c.mid', etag: '1', size: 1 },
      ]),
    ).toBe(0);
    expect(await queue.enqueue('b', [{ key: 'a.mid', etag: '2', size: 1 }])).toBe(1);
  });
});
