import { Module } from '@nestjs/common';
import { DiscoveryService } from './discovery.service';
import { DeletionMetrics } from './deletion-metrics';
import { JobsModule } from '../jobs/jobs.module';

@Module({ imports: [JobsModule], providers: [DiscoveryService, DeletionMetrics], exports: [DiscoveryService] })
export class DiscoveryModule {}
