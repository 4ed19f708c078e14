/** Injection tokens of the extractor's own values. */
export const EXTRACTOR_SETTINGS = Symbol('EXTRACTOR_SETTINGS');

export interface ExtractorSettings {
  readonly bucket: string;
  readonly prefix: string;
  readonly workers: number;
  readonly batchSize: number;
  readonly leaseSeconds: number;
  readonly maxBackoffSeconds: number;
  readonly maxObjectBytes: number;
  readonly discoveryIntervalSeconds: number;
  /** Service mode: how often a pass also removes the catalog rows of objects the bucket no longer holds. */
  readonly deletionIntervalSeconds: number;
  /** Distinguishes this process's workers in job leases and logs. */
  readonly processId: string;
}
