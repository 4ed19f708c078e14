import { DynamicModule, Global, Module } from '@nestjs/common';
import { Environment } from './schema';

export const ENVIRONMENT = Symbol('ENVIRONMENT');

/** Makes the environment, parsed once by the program's entry point, injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(environment: Environment): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: ENVIRONMENT, useValue: environment }],
      exports: [ENVIRONMENT],
    };
  }
}
