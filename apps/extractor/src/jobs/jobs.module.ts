import { Module } from '@nestjs/common';
import { ExtractionWorkersService } from './extraction-workers.service';
import { ExtractorMetrics } from './extractor-metrics';

@Module({ providers: [ExtractionWorkersService, ExtractorMetrics], exports: [ExtractionWorkersService] })
export class JobsModule {}
