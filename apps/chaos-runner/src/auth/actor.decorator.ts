import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RunnerRequest } from './runner-request';

/** The name of the token that made the request (the guard has checked it by then). */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const principal = context.switchToHttp().getRequest<RunnerRequest>().principal;
  if (!principal) throw new Error('@Actor() used on a route without BearerTokenGuard');
  return principal.name;
});
