import type { CatalogSummary } from '@scale/catalog';
import { nameInstrument } from '@scale/catalog';
import type { ExtractionStats } from './jobs/extraction-stats';
import type { RemovedCounts } from './discovery/discovery.service';

export interface ExtractionReport {
  readonly bucket: string;
  readonly prefix: string;
  readonly listed: number;
  readonly enqueued: number;
  /** Catalog rows removed because their objects left the bucket. */
  readonly removed?: RemovedCounts;
  readonly seconds: number;
  readonly run: ExtractionStats;
  readonly catalog: CatalogSummary;
}

/** The one-shot run's result for a person: what this run did, then what the catalog holds. */
export function formatReport(report: ExtractionReport): string {
  const { run, catalog } = report;
  const rate = report.seconds > 0 ? run.processed / report.seconds : 0;
  const lines = [
    `Extracted s3://${report.bucket}/${report.prefix} in ${report.seconds.toFixed(1)} s`,
    `  listed ${report.listed} objects, queued ${report.enqueued} new or changed versions`,
    `  this run: ${run.songs} songs written, ${run.unchanged} unchanged, ${run.invalid} invalid, ${run.gone} gone, ` +
      `${run.retried} store errors retried (${rate.toFixed(0)} objects/s, ${(run.bytes / 1e6).toFixed(1)} MB read)`,
    ...removedLine(report.removed),
    `Catalog: ${catalog.songs} songs (${catalog.songsWithDrums} with drums, ${catalog.notes} notes, ` +
      `${catalog.distinctInstruments} distinct instruments), ${catalog.invalidObjects} invalid objects, ${catalog.pendingJobs} jobs pending`,
  ];
  if (catalog.topInstruments.length > 0) {
    lines.push('  most used instruments:');
    for (const { instrument, songs } of catalog.topInstruments) {
      lines.push(`    ${String(songs).padStart(7)} songs  ${nameInstrument(instrument).name}`);
    }
  }
  if (catalog.topInvalidReasons.length > 0) {
    lines.push('  invalid objects by reason:');
    for (const { reason, objects } of catalog.topInvalidReasons) {
      lines.push(`    ${String(objects).padStart(7)}  ${reason}`);
    }
  }
  return lines.join('\n') + '\n';
}

function removedLine(removed: RemovedCounts | undefined): string[] {
  if (!removed || removed.songs + removed.invalidObjects + removed.jobs === 0) return [];
  return [
    `  removed objects deleted from the bucket: ${removed.songs} songs, ${removed.invalidObjects} invalid objects, ` +
      `${removed.jobs} queued jobs`,
  ];
}
