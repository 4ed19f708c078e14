import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { scanMidi } from '@scale/midi';
import type { ClaimedJob, ExtractionOutcome } from '@scale/catalog';
import type { ReadResult } from '@scale/storage';

export function tooLargeReason(size: number, maxBytes: number): string {
  return `object is ${size} bytes, above the ${maxBytes}-byte limit (MIDI_MAX_BYTES)`;
}

/** A job refused on its listed size alone, before anything is read. */
export function refuseOversized(job: ClaimedJob, maxBytes: number): ExtractionOutcome | null {
  if (job.size <= maxBytes) return null;
  return {
    kind: 'invalid',
    jobId: job.id,
    bucket: job.bucket,
    key: job.key,
    etag: job.etag,
    size: job.size,
    reason: tooLargeReason(job.size, maxBytes),
  };
}

/** Songs without a name inside the file are titled by their object's file name. */
export function titleFromKey(key: string): string {
  const name = posix.basename(key);
  return name.replace(/\.(mid|midi|kar|smf)$/i, '') || name;
}

/** Turns what the store returned for a job into what the catalog records. */
export function outcomeOf(job: ClaimedJob, read: ReadResult, maxBytes: number): ExtractionOutcome {
  if (read.kind === 'missing') return { kind: 'gone', jobId: job.id };
  const base = { jobId: job.id, bucket: job.bucket, key: job.key, etag: read.etag || job.etag };
  if (read.kind === 'too-large') {
    return { ...base, kind: 'invalid', size: read.size, reason: tooLargeReason(read.size, maxBytes) };
  }
  const verdict = scanMidi(read.bytes, { fallbackTitle: titleFromKey(job.key) });
  if (!verdict.ok) return { ...base, kind: 'invalid', size: read.bytes.length, reason: verdict.error };
  const sha256 = createHash('sha256').update(read.bytes).digest('hex');
  return { ...base, kind: 'song', size: read.bytes.length, sha256, summary: verdict };
}
