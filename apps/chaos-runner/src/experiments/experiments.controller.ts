import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import type { RunnerRequest } from '../auth/runner-request';
import type { ExperimentDetail, ExperimentSummary } from './experiment-views';
import { ExperimentsService } from './experiments.service';
import { ExperimentDetailDto, ExperimentSummaryDto } from './dto/experiment.dto';
import { ProblemDto } from '../common/dto/problem.dto';
import { ExperimentIdPipe } from './experiment-id.pipe';
import { Reads, RunnerEndpoints, Triggers } from '../common/runner-endpoint.decorator';

@ApiTags('experiments')
@RunnerEndpoints()
@Controller('experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Post()
  @Triggers()
  @ApiOperation({
    summary: 'Start an experiment',
    description:
      'Validates the document, resolves the targets in the experiment group, and starts the run in the background: ' +
      'the answer comes at once, with status `pending`; follow it with GET /experiments/{id}.',
  })
  @ApiBody({ schema: { $ref: getSchemaPath('ExperimentDocument') } })
  @ApiCreatedResponse({ type: ExperimentDetailDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'The document breaks its schema; `errors` names every wrong field by its path',
  })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'An experiment already runs in the group, or the runner is halted',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description:
      'The document follows the schema but breaks a rule it cannot express (`errors` names each field: a minimum ' +
      'above its maximum, duplicate probe names, an empty title); or the target selector matches nothing, or too ' +
      'large a share of the group',
  })
  async start(
    @Body() document: unknown,
    @Actor() actor: string,
    @Req() request: RunnerRequest,
  ): Promise<ExperimentDetail> {
    const detail = await this.experiments.start(document, actor);
    request.auditedExperimentId = detail.id;
    return detail;
  }

  @Get()
  @Reads()
  @ApiOperation({ summary: 'Every experiment, newest first' })
  @ApiOkResponse({ type: [ExperimentSummaryDto] })
  list(): Promise<ExperimentSummary[]> {
    return this.experiments.list();
  }

  @Get(':id')
  @Reads()
  @ApiOperation({ summary: 'One experiment: its status, targets, verdict and journal' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ExperimentDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@Param('id', new ExperimentIdPipe()) id: string): Promise<ExperimentDetail> {
    return this.experiments.get(id);
  }

  @Post(':id/abort')
  @Triggers()
  @HttpCode(200)
  @ApiOperation({ summary: 'Abort a running experiment: its fault is reverted and steady state checked again' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ExperimentDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  abort(@Param('id', new ExperimentIdPipe()) id: string, @Actor() actor: string): Promise<ExperimentDetail> {
    return this.experiments.abort(id, actor);
  }
}
