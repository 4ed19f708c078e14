import { Module } from '@nestjs/common';
import { SimilarityModule } from '../similarity/similarity.module';
import { HealthController } from './health.controller';

@Module({ imports: [SimilarityModule], controllers: [HealthController] })
export class HealthModule {}
