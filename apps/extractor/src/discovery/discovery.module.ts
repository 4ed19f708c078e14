import { Module } from '@nestjs/common';
import { DiscoveryService } from './discovery.service';
import { JobsModule } from '../jobs/jobs.module';

@Module({ imports: [JobsModule], providers: [DiscoveryService], exports: [DiscoveryService] })
export class DiscoveryModule {}
