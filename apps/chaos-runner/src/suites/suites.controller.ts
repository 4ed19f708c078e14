import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { ProblemDto } from '../common/dto/problem.dto';
import { Reads, RunnerEndpoints, Triggers } from '../common/runner-endpoint.decorator';
import { START_SUITE_RUN_SCHEMA, StartSuiteRunPipe, type StartSuiteRun } from './dto/start-suite-run';
import { SuiteDto } from './dto/suite.dto';
import { SuiteRunDto } from './dto/suite-run.dto';
import { SUITE_NAME } from './suite-catalog';
import { SuiteRunIdPipe } from './suite-run-id.pipe';
import type { SuiteRunView, SuiteView } from './suite-views';
import { LISTED_RUNS, SuitesService } from './suites.service';

@ApiTags('suites')
@RunnerEndpoints()
@Controller('suites')
export class SuitesController {
  constructor(private readonly suites: SuitesService) {}

  @Get()
  @Reads()
  @ApiOperation({
    summary: 'The suites this runner knows (RUNNER_SUITES_DIR), each with its experiments in the order they run',
  })
  @ApiOkResponse({ type: [SuiteDto] })
  list(): SuiteView[] {
    return this.suites.list();
  }

  @Post(':name/runs')
  @Triggers()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run a suite: its experiments one after another, each started as POST /experiments starts one',
    description:
      'Answers at once with the run and the experiments it will start; follow it with GET /suites/runs/{id}. Each ' +
      'experiment is awaited to its end before the next starts; one the runner refuses (busy, targets) is marked ' +
      '`not-started` and the run goes on; a halt ends the run. One suite runs at a time.',
  })
  @ApiParam({ name: 'name', schema: { type: 'string', pattern: SUITE_NAME.source }, example: 'default' })
  @ApiBody({ schema: START_SUITE_RUN_SCHEMA })
  @ApiAcceptedResponse({ type: SuiteRunDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'The body is not `{"dryRun": true|false}`' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No suite of that name' })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'The runner is halted, or a suite run or an experiment is already under way',
  })
  start(
    @Param('name') name: string,
    @Body(new StartSuiteRunPipe()) { dryRun }: StartSuiteRun,
    @Actor() actor: string,
  ): Promise<SuiteRunView> {
    return this.suites.start(name, dryRun, actor);
  }

  @Get('runs')
  @Reads()
  @ApiOperation({ summary: `The latest ${LISTED_RUNS} suite runs, newest first` })
  @ApiOkResponse({ type: [SuiteRunDto] })
  runs(): Promise<SuiteRunView[]> {
    return this.suites.recentRuns();
  }

  @Get('runs/:id')
  @Reads()
  @ApiOperation({ summary: 'One suite run: how far it got, and the experiment each step started' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SuiteRunDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  run(@Param('id', new SuiteRunIdPipe()) id: string): Promise<SuiteRunView> {
    return this.suites.run(id);
  }
}
