import { Inject, Injectable } from '@nestjs/common';
import type { RemovedObjects } from '@scale/catalog';
import { METRICS_REGISTRY } from '@scale/telemetry';
import { Counter, Registry } from 'prom-client';

/** What discovery removed from the catalog because the objects left the bucket, for Prometheus. */
@Injectable()
export class DeletionMetrics {
  private readonly removed: Counter<'row'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.removed = new Counter({
      name: 'scale_extractor_deleted_objects_total',
      help:
        'Catalog rows removed because a complete listing no longer found their object, by row: ' +
        'song, invalid (a refused object), job (a pending extraction).',
      labelNames: ['row'],
      registers: [registry],
    });
    // Every series exists from the start: no deletion yet reads as 0, not as no data.
    for (const row of ['song', 'invalid', 'job']) this.removed.inc({ row }, 0);
  }

  removedObjects({ songs, invalidObjects, jobs }: RemovedObjects): void {
    this.removed.inc({ row: 'song' }, songs.length);
    this.removed.inc({ row: 'invalid' }, invalidObjects.length);
    this.removed.inc({ row: 'job' }, jobs.length);
  }
}
