import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessDeniedError, CredentialsRequiredError } from './auth-errors';
import { AuditRecorder } from './audit-recorder';
import { presentedToken } from './credentials';
import { REQUIRED_ACCESS, type RequiredAccess } from './required-access';
import type { RunnerRequest } from './runner-request';
import { TokenRegistry } from './token-registry';

/**
 * Every route of the runner's HTTP layer says what it needs (`@RequireAccess`). Triggering routes
 * are audited whatever the outcome, refusals included, before anything else happens; the request
 * carries its principal afterwards for the handler.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegistry,
    private readonly audit: AuditRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required =
      this.reflector.getAllAndOverride<RequiredAccess | undefined>(REQUIRED_ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'trigger';
    const http = context.switchToHttp();
    const request = http.getRequest<RunnerRequest>();
    const presented = presentedToken(request);
    const principal = presented === null ? null : this.tokens.identify(presented);
    if (required === 'trigger') await this.audit.begin(request, http.getResponse(), principal);
    if (presented === null) throw new CredentialsRequiredError('missing');
    if (principal === null) throw new CredentialsRequiredError('unknown');
    request.principal = principal;
    if (required === 'trigger' && principal.access !== 'read-write') throw new AccessDeniedError(principal.name);
    return true;
  }
}
