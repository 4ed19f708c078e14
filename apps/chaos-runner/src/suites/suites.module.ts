import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { loadSuites } from './suite-catalog';
import { SuiteRunsRepository } from './suite-runs.repository';
import { SUITE_CATALOG, SUITE_RUN_OPTIONS, SuitesService, type SuiteRunOptions } from './suites.service';

export interface SuitesModuleOptions {
  /** RUNNER_SUITES_DIR: one folder per suite. */
  readonly directory: string;
  /** The module exporting ExperimentsService and HaltService. */
  readonly engine: NonNullable<ModuleMetadata['imports']>[number];
  readonly pollIntervalMs?: number;
}

/**
 * The suites of RUNNER_SUITES_DIR, read and validated when the module starts (a bad document stops
 * the runner, naming its file), and their runs. Needs the runner's DataSource with SUITE_MIGRATIONS
 * applied and LOGGER from global modules; its controller stands in RunnerHttpModule.
 */
@Module({})
export class SuitesModule {
  static forRoot({ directory, engine, pollIntervalMs = 1_000 }: SuitesModuleOptions): DynamicModule {
    return {
      module: SuitesModule,
      imports: [engine],
      providers: [
        { provide: SUITE_CATALOG, useFactory: () => loadSuites(directory) },
        { provide: SUITE_RUN_OPTIONS, useValue: { pollIntervalMs } satisfies SuiteRunOptions },
        SuiteRunsRepository,
        SuitesService,
      ],
      exports: [SuitesService],
    };
  }
}
