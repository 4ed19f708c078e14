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
  /** Distinguishes this process's workers in job leases and logs. */
  readonly processId: string;
}
