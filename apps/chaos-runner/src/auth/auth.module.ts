import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditController } from './audit.controller';
import { AuditRecorder } from './audit-recorder';
import { AuditRepository } from './audit.repository';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';
import { BearerTokenGuard } from './bearer-token.guard';
import { SessionController } from './session.controller';
import { TokenRegistry } from './token-registry';

/**
 * Tokens, the guard, the audit log and the browser sign-in. Needs the runner's DataSource (global,
 * from the runner's persistence) with AUTH_MIGRATIONS applied.
 */
@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      controllers: [AuditController, SessionController],
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        {
          provide: TokenRegistry,
          useFactory: (value: AuthSettings) => new TokenRegistry(value),
          inject: [AUTH_SETTINGS],
        },
        {
          provide: AuditRepository,
          useFactory: (dataSource: DataSource) => new AuditRepository(dataSource),
          inject: [DataSource],
        },
        AuditRecorder,
        BearerTokenGuard,
      ],
      exports: [TokenRegistry, AuditRecorder, BearerTokenGuard],
    };
  }
}
