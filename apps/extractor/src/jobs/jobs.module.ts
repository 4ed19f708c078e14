import { Module } from '@nestjs/common';
import { ExtractionWorkersService } from './extraction-workers.service';

@Module({ providers: [ExtractionWorkersService], exports: [ExtractionWorkersService] })
export class JobsModule {}
