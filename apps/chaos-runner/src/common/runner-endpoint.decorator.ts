import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { RequireAccess } from '../auth/required-access';
import { ProblemDto } from './dto/problem.dto';
import { RunnerProblemsFilter } from './runner-problems.filter';

export const BEARER = 'bearer';

/** A controller of the runner's API: every route needs a token and answers domain errors as problems. */
export const RunnerEndpoints = () =>
  applyDecorators(
    UseGuards(BearerTokenGuard),
    UseFilters(RunnerProblemsFilter),
    ApiBearerAuth(BEARER),
    ApiUnauthorizedResponse({
      type: ProblemDto,
      description: 'No token, or not a token this runner knows (WWW-Authenticate: Bearer)',
    }),
  );

/** Any known token may read. */
export const Reads = () => RequireAccess('read');

/** Changes something: a read-write token, and a row in the audit log whatever the outcome. */
export const Triggers = () =>
  applyDecorators(
    RequireAccess('trigger'),
    ApiForbiddenResponse({ type: ProblemDto, description: 'The token is read-only' }),
  );
