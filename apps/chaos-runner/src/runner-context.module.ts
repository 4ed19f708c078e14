import { DynamicModule, Global, Module } from '@nestjs/common';
import { CLUSTER_DRIVER, type ClusterDriver } from './drivers/driver';
import { RUNNER_SETTINGS, type RunnerSettings } from './settings/runner-settings';

/** The runner's settings and the cluster driver, injectable everywhere. */
@Global()
@Module({})
export class RunnerContextModule {
  static forRoot(settings: RunnerSettings, driver: ClusterDriver): DynamicModule {
    return {
      module: RunnerContextModule,
      providers: [
        { provide: RUNNER_SETTINGS, useValue: settings },
        { provide: CLUSTER_DRIVER, useValue: driver },
      ],
      exports: [RUNNER_SETTINGS, CLUSTER_DRIVER],
    };
  }
}
