import type { RemovedObjects, RemovedRow } from '@scale/catalog';
import type { Logger } from '@scale/telemetry';

/** Rows named per log line, so that a mass deletion writes many bounded lines rather than one huge one. */
const ROWS_PER_LINE = 200;

/** One JSON line per kind of row (and per ROWS_PER_LINE rows), naming every key removed. */
export function logRemoved(logger: Logger, bucket: string, removed: RemovedObjects): void {
  const kinds: ReadonlyArray<[string, readonly RemovedRow[]]> = [
    ['song', removed.songs],
    ['invalid', removed.invalidObjects],
    ['job', removed.jobs],
  ];
  for (const [row, rows] of kinds) {
    for (let start = 0; start < rows.length; start += ROWS_PER_LINE) {
      logger.info(
        { bucket, row, total: rows.length, removed: rows.slice(start, start + ROWS_PER_LINE) },
        `removed ${rows.length} ${row} rows of objects deleted from the bucket`,
      );
    }
  }
}
