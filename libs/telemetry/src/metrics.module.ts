import { Controller, DynamicModule, Get, Header, Headers, Inject, Module, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { EXPOSITION_CONTENT_TYPES, negotiateExposition, renderRegistry } from './exposition';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * `/metrics` for Prometheus to scrape: OpenMetrics (with exemplars) for a scraper that asks for it,
 * the classic text format for everyone else.
 */
@ApiExcludeController()
@Controller()
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  @Header('Vary', 'Accept')
  async metrics(
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): unknown },
  ): Promise<string> {
    const format = negotiateExposition(accept);
    const text = await renderRegistry(this.registry, format);
    response.setHeader('Content-Type', EXPOSITION_CONTENT_TYPES[format]);
    return text;
  }
}

@Module({})
export class MetricsModule {
  static forRoot(registry: Registry): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_REGISTRY, useValue: registry }],
      exports: [METRICS_REGISTRY],
    };
  }
}
