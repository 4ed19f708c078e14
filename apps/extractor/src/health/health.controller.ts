import { Controller, Get, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { errorMessage } from '@scale/catalog';
import { ExtractionWorkersService } from '../jobs/extraction-workers.service';
import { DiscoveryService } from '../discovery/discovery.service';

/**
 * Liveness says the process answers; readiness says it can do its work now, i.e. the catalog
 * database answers a query. Kubernetes restarts on the first and routes on the second.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly workers: ExtractionWorkersService,
    private readonly discovery: DiscoveryService,
  ) {}

  @Get('healthz')
  @HttpCode(HttpStatus.OK)
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<Record<string, unknown>> {
    const stats = this.workers.stats;
    const progress = {
      processed: stats.processed,
      songs: stats.songs,
      invalid: stats.invalid,
      lastDiscoveryAt: this.discovery.lastPassAt,
    };
    try {
      await this.dataSource.query('select 1');
      return { status: 'ready', database: 'up', ...progress };
    } catch (error) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', database: 'down', error: errorMessage(error), ...progress };
    }
  }
}
