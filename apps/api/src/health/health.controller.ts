import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { errorMessage } from '@scale/catalog';
import { SongIndexService } from '../similarity/song-index.service';

/** Liveness: the process answers. Readiness: the database answers and the similarity index is loaded. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly songIndex: SongIndexService,
  ) {}

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<Record<string, unknown>> {
    const index = {
      indexLoaded: this.songIndex.loaded,
      indexedSongs: this.songIndex.index.size,
      lastRefreshAt: this.songIndex.lastRefreshAt,
    };
    let database = 'up';
    let error: string | undefined;
    try {
      await this.dataSource.query('select 1');
    } catch (failure) {
      database = 'down';
      error = errorMessage(failure);
    }
    const ready = database === 'up' && this.songIndex.loaded;
    if (!ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'unavailable', database, ...index, ...(error && { error }) };
  }
}
