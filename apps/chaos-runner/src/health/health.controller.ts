import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { errorMessage } from '@scale/catalog';
import { DataSource } from 'typeorm';

/** Liveness: the process answers. Readiness: its database answers too (the cluster may come later). */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<Record<string, unknown>> {
    try {
      await this.dataSource.query('select 1');
      return { status: 'ready', database: 'up' };
    } catch (error) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', database: 'down', error: errorMessage(error) };
    }
  }
}
