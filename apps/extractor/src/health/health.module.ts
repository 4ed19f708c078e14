import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { JobsModule } from '../jobs/jobs.module';
import { DiscoveryModule } from '../discovery/discovery.module';

@Module({ imports: [JobsModule, DiscoveryModule], controllers: [HealthController] })
export class HealthModule {}
