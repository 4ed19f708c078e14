import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';

/** The injection token of the program's logger. */
export const LOGGER = Symbol('LOGGER');

/** Makes the logger the entry point created injectable everywhere, as `@Inject(LOGGER)`. */
@Global()
@Module({})
export class LoggerModule {
  static forRoot(logger: Logger): DynamicModule {
    return { module: LoggerModule, providers: [{ provide: LOGGER, useValue: logger }], exports: [LOGGER] };
  }
}
