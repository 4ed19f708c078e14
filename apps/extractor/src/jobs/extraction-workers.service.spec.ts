import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Test } from '@nestjs/testing';
import {
  ExtractionQueueRepository,
  ExtractionResultsRepository,
  type ClaimedJob,
  type ExtractionOutcome,
  type FailedJob,
} from '@scale/catalog';
import { ObjectStore, ObjectStoreError, type ReadResult } from '@scale/storage';
import { LOGGER } from '@scale/telemetry';
import { EXTRACTOR_SETTINGS, type ExtractorSettings } from '../tokens';
import { ExtractionWorkersService } from './extraction-workers.service';
import { ExtractorMetrics } from './extractor-metrics';

const settings: ExtractorSettings = {
  bucket: 'songs',
  prefix: '',
  workers: 1,
  batchSize: 8,
  leaseSeconds: 30,
  maxBackoffSeconds: 60,
  maxObjectBytes: 1000,
  discoveryIntervalSeconds: 5,
  deletionIntervalSeconds: 60,
  processId: 'p1',
};
const job = (id: number, fields: Partial<ClaimedJob> = {}): ClaimedJob => ({
  id: String(id),
  bucket: 'songs',
  key: `midi/${id}.mid`,
  etag: `e${id}`,
  size: 100,
  attempts: 1,
  ...fields,
});
/** MThd (format 0, one track, 96 ticks) and one MTrk: program 40 (violin), one note, end of track. */
const MIDI = Buffer.from(
  '4d546864 00000006 0000 0001 0060 4d54726b 0000000f 00c028 00903c64 0a803c00 00ff2f00'.replace(/ /g, ''),
  'hex',
);
const read = (bytes: Uint8Array): ReadResult => ({ kind: 'read', etag: 'e', bytes });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const STORE_DOWN = 'get s3://songs failed: ECONNRESET';

/** Workers over a queue that hands out `batches` once each, then nothing. */
async function build(batches: ClaimedJob[][], overrides: Partial<ExtractorSettings> = {}) {
  const queue = {
    claim: vi.fn(async () => batches.shift() ?? []),
    release: vi.fn(async (_worker: string, _failures: FailedJob[]) => undefined),
  };
  const count = (outcomes: ExtractionOutcome[], kind: string) => outcomes.filter((o) => o.kind === kind).length;
  const results = {
    record: vi.fn(async (_worker: string, outcomes: ExtractionOutcome[]) => ({
      songs: count(outcomes, 'song'),
      unchanged: 0,
      invalid: count(outcomes, 'invalid'),
      gone: count(outcomes, 'gone'),
      lost: 0,
    })),
  };
  const store = { read: vi.fn(async (): Promise<ReadResult> => read(MIDI)) };
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const module = await Test.createTestingModule({
    providers: [
      ExtractionWorkersService,
      { provide: EXTRACTOR_SETTINGS, useValue: { ...settings, ...overrides } },
      { provide: LOGGER, useValue: logger },
      { provide: ExtractionQueueRepository, useValue: queue },
      { provide: ExtractionResultsRepository, useValue: results },
      { provide: ObjectStore, useValue: store },
      { provide: ExtractorMetrics, useValue: { batchFinished: vi.fn() } },
    ],
  }).compile();
  const workers = module.get(ExtractionWorkersService);
  const run = () => workers.run({ stopWhenIdle: () => true });
  return { workers, queue, results, store, logger, run };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ExtractionWorkersService: leases', () => {
  it("claims batches under a lease in each worker's own name, and writes under that same name", async () => {
    const { queue, results, run } = await build([[job(1)], [job(2)]], { workers: 2, batchSize: 5, leaseSeconds: 45 });
    await run();
    expect(queue.claim).toHaveBeenCalledWith('songs', 'p1/0', 5, 45);
    expect(queue.claim).toHaveBeenCalledWith('songs', 'p1/1', 5, 45);
    expect(results.record.mock.calls.map(([worker]) => worker).sort()).toEqual(['p1/0', 'p1/1']);
  });
});

describe('ExtractionWorkersService: object store errors', () => {
  it('hands the job back with the capped exponential backoff instead of recording anything', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { workers, queue, results, store, run } = await build([[job(1, { attempts: 3 }), job(2, { attempts: 20 })]]);
    store.read.mockRejectedValue(new ObjectStoreError(STORE_DOWN));
    const done = run();
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    expect(queue.release).toHaveBeenCalledExactlyOnceWith('p1/0', [
      { id: '1', error: STORE_DOWN, delaySeconds: 4 },
      { id: '2', error: STORE_DOWN, delaySeconds: 60 },
    ]);
    expect(results.record).not.toHaveBeenCalled();
    expect(workers.stats.retried).toBe(2);
  });

  it('pauses a second after a batch whose every read failed, rather than spinning on the outage', async () => {
    const { queue, store, run } = await build([[job(1)]]);
    store.read.mockRejectedValue(new ObjectStoreError(STORE_DOWN));
    const done = run();
    await vi.advanceTimersByTimeAsync(999);
    expect(queue.claim).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(queue.claim).toHaveBeenCalledTimes(2);
  });

  it('records the rest of a batch and hands back only the job whose read failed', async () => {
    const { queue, results, store, run } = await build([[job(1), job(2)]]);
    store.read.mockRejectedValueOnce(new ObjectStoreError(STORE_DOWN));
    await run();
    expect(queue.release.mock.calls[0][1].map((failure) => failure.id)).toEqual(['1']);
    expect(results.record).toHaveBeenCalledExactlyOnceWith('p1/0', [
      expect.objectContaining({ kind: 'song', jobId: '2' }),
    ]);
  });

  it('does not mistake a bug for an outage: an error that is not the store failing stops the worker', async () => {
    const { queue, store, run } = await build([[job(1)]]);
    store.read.mockRejectedValue(new TypeError('cannot read properties of undefined'));
    await expect(run()).rejects.toThrow(TypeError);
    expect(queue.release).not.toHaveBeenCalled();
  });
});

describe('ExtractionWorkersService: files that are not MIDI', () => {
  it('records a corrupt file as invalid, with the reason, and never hands it back for a retry', async () => {
    const { workers, queue, results, store, run } = await build([[job(1)]]);
    store.read.mockResolvedValue(read(Buffer.from('not a midi file at all')));
    await run();
    const [[, outcomes]] = results.record.mock.calls;
    expect(outcomes).toEqual([
      expect.objectContaining({
        kind: 'invalid',
        jobId: '1',
        size: 22,
        reason: expect.stringMatching(/not a MIDI file/),
      }),
    ]);
    expect(queue.release).not.toHaveBeenCalled();
    expect(workers.stats.invalid).toBe(1);
  });

  it('refuses an object listed above the size limit without reading it', async () => {
    const { results, store, run } = await build([[job(1, { size: 1001 })]]);
    await run();
    expect(store.read).not.toHaveBeenCalled();
    expect(results.record.mock.calls[0][1]).toEqual([
      expect.objectContaining({ kind: 'invalid', reason: expect.stringMatching(/above the 1000-byte limit/) }),
    ]);
  });
});

describe('ExtractionWorkersService: database outages', () => {
  it('waits with a doubling pause while the database is down, then resumes and says so once', async () => {
    const { workers, queue, logger, run } = await build([]);
    queue.claim.mockRejectedValueOnce(refused()).mockRejectedValueOnce(refused());
    const done = run();
    await vi.advanceTimersByTimeAsync(0);
    expect(workers.databaseReachable).toBe(false);
    await vi.advanceTimersByTimeAsync(250 + 499);
    expect(queue.claim).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(queue.claim).toHaveBeenCalledTimes(3);
    expect(workers.databaseReachable).toBe(true);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith('catalog database reachable again, resuming');
  });

  it("keeps a batch's results through an outage and writes them when the database is back, reading once", async () => {
    const { results, store, run } = await build([[job(1)]]);
    results.record.mockRejectedValueOnce(refused());
    const done = run();
    await vi.advanceTimersByTimeAsync(250);
    await done;
    expect(store.read).toHaveBeenCalledTimes(1);
    expect(results.record).toHaveBeenCalledTimes(2);
    expect(results.record.mock.calls[1]).toEqual(results.record.mock.calls[0]);
  });

  it('stops waiting for the database when the process shuts down', async () => {
    const { workers, queue, run } = await build([]);
    // Down for good; the bound only keeps a worker that ignored the shutdown from spinning forever.
    queue.claim.mockImplementation(async () => {
      if (queue.claim.mock.calls.length > 100) return [];
      throw refused();
    });
    const done = run();
    await vi.advanceTimersByTimeAsync(10_000);
    const tries = queue.claim.mock.calls.length;
    await workers.onApplicationShutdown();
    await expect(done).resolves.toBeUndefined();
    expect(queue.claim.mock.calls.length).toBeLessThanOrEqual(tries + 1);
  });

  it('does not wait out a statement error: it is a bug, not an outage', async () => {
    const { queue, run } = await build([]);
    queue.claim.mockRejectedValue(
      Object.assign(new Error('relation "extraction_jobs" does not exist'), { code: '42P01' }),
    );
    await expect(run()).rejects.toThrow('relation "extraction_jobs" does not exist');
    expect(queue.claim).toHaveBeenCalledTimes(1);
  });
});
