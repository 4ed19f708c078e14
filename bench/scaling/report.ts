import { availableParallelism } from 'node:os';
import type { ScalingResult } from './scaling.bench';
import { extrapolateIndex } from './extrapolate';

/** MAX_SLOTS of libs/similarity's posting lists: 23 bits of slot. */
const MAX_DISTINCT_SETS = 2 ** 23;

const TEN_MILLION = 10_000_000;

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** The figures as tables, and the straight-line extrapolation of each to 10 M songs. */
export function scalingReport({ index, refresh, loadAverage }: ScalingResult): string {
  const lines = [
    'Similarity index in the API process (generated catalog, heap after GC)',
    '| songs | distinct sets | instruments/song | index B/song | cards B/song | load rows B/song | build s | query CPU µs | mean µs | p50 µs | p99 µs |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...index.map(
      (row) =>
        `| ${int(row.songs)} | ${int(row.distinctSets)} | ${fixed(row.meanInstruments)} | ${int(row.indexBytesPerSong)} | ${int(row.cardBytesPerSong)} | ${int(row.rowBytesPerSong)} | ${fixed(row.buildSeconds, 2)} | ${fixed(row.query.cpuMicros)} | ${fixed(row.query.meanMicros)} | ${fixed(row.query.p50Micros)} | ${fixed(row.query.p99Micros)} |`,
    ),
  ];
  const at = extrapolateIndex(index, TEN_MILLION);
  if (at) {
    lines.push(
      '',
      `At 10 M songs (sets through the two largest sizes, bytes and time per song as at the largest): ${int(at.distinctSets)} distinct sets (the index holds at most ${int(MAX_DISTINCT_SETS)}), index at most ${gib(at.indexBytesAtMost)}, cards ${gib(at.cardBytes)}, plus ${gib(at.loadRowBytes)} of rows during a first load; build ${fixed(at.buildSeconds, 0)} s.`,
    );
  }
  const scale = TEN_MILLION / refresh.songs;
  lines.push(
    '',
    `Catalog in Postgres: ${int(refresh.songs)} songs (written in ${fixed(refresh.catalogWriteSeconds)} s, ${int(refresh.songs / refresh.catalogWriteSeconds)} songs/s)`,
    '| figure | measured | ×' + int(scale) + ' (10 M songs) |',
    '| --- | ---: | ---: |',
    `| API first load (read all, build index and cards) | ${fixed(refresh.fullLoadSeconds, 2)} s | ${fixed(refresh.fullLoadSeconds * scale, 0)} s |`,
    `| heap kept after it (index + cards), per song | ${int(refresh.fullLoadHeldBytesPerSong)} B | ${gib(refresh.fullLoadHeldBytesPerSong * TEN_MILLION)} |`,
    `| incremental refresh, nothing new | ${fixed(refresh.idleRefreshMs)} ms | (by changes, not size) |`,
    `| incremental refresh, ${int(refresh.newSongs)} new songs | ${fixed(refresh.newSongsRefreshMs)} ms | (by changes, not size) |`,
    `| deletion check (count(*)), every 10th refresh | ${fixed(refresh.countMs)} ms | ${fixed((refresh.countMs * scale) / 1000, 1)} s |`,
    `| all ids, when the count differs | ${fixed(refresh.allIdsMs)} ms | ${fixed((refresh.allIdsMs * scale) / 1000, 1)} s |`,
    `| enqueue a page of ${int(refresh.page)} new keys | ${fixed(refresh.enqueueNewPageMs)} ms | |`,
    `| enqueue a page of ${int(refresh.page)} known keys (a re-listing) | ${fixed(refresh.enqueueKnownPageMs)} ms | ×${int(TEN_MILLION / refresh.page)} pages: ${fixed((refresh.enqueueKnownPageMs * TEN_MILLION) / refresh.page / 1000, 0)} s |`,
    `| songs table + indexes on disk, per song | ${int(refresh.diskBytesPerSong.songs)} B | ${gib(refresh.diskBytesPerSong.songs * TEN_MILLION)} |`,
    `| song_instruments + indexes on disk, per song | ${int(refresh.diskBytesPerSong.songInstruments)} B | ${gib(refresh.diskBytesPerSong.songInstruments * TEN_MILLION)} |`,
  );
  lines.push('', `Load average at start: ${loadAverage.toFixed(2)} on ${availableParallelism()} cores.`);
  return lines.join('\n');
}
