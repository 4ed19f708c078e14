import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import type { AuthSettings } from './auth/auth-settings';
import { ExperimentsController } from './experiments/experiments.controller';
import { FaultsController } from './faults/faults.controller';
import { HaltController } from './halt/halt.controller';
import { HomeController } from './home/home.controller';
import { ReportAssetsController } from './report/report-assets.controller';
import { ReportController } from './report/report.controller';
import { SuitesController } from './suites/suites.controller';

export interface RunnerHttpOptions {
  readonly auth: AuthSettings;
  /** The module exporting ExperimentsService and HaltService (left out when it is global). */
  readonly engine?: NonNullable<ModuleMetadata['imports']>[number];
  /** The module exporting SuitesService (SuitesModule.forRoot, on the same engine). */
  readonly suites: DynamicModule;
}

/**
 * The runner's HTTP triggers: experiments, suites, halt, faults, reports, the home page, the audit log and the sign-in,
 * all behind the bearer-token guard. The rules live in the engine's services; this is only the door.
 * Each controller lives in its feature's folder; they are gathered here so that the door can stand
 * in front of any module exporting the engine's services (the HTTP tests put a double there).
 */
@Module({})
export class RunnerHttpModule {
  static forRoot({ auth, engine, suites }: RunnerHttpOptions): DynamicModule {
    return {
      module: RunnerHttpModule,
      imports: [AuthModule.forRoot(auth), ...(engine ? [engine] : []), suites],
      controllers: [
        ExperimentsController,
        ReportController,
        HaltController,
        FaultsController,
        ReportAssetsController,
        SuitesController,
        HomeController,
      ],
    };
  }
}
