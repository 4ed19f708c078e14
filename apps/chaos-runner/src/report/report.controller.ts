import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ExperimentsService } from '../experiments/experiments.service';
import { PAGE_SECURITY_POLICY } from './page-shell';
import { renderReportPage } from './report-page';
import { ExperimentReportDataDto } from '../experiments/dto/experiment.dto';
import { ProblemDto } from '../common/dto/problem.dto';
import { ExperimentIdPipe } from '../experiments/experiment-id.pipe';
import { Reads, RunnerEndpoints } from '../common/runner-endpoint.decorator';

interface NegotiatingRequest {
  accepts(types: string[]): string | false;
}

interface ReportResponse {
  setHeader(name: string, value: string): unknown;
  type(contentType: string): ReportResponse;
  send(body: string): void;
  json(body: unknown): void;
}

@ApiTags('experiments')
@RunnerEndpoints()
@Controller('experiments')
export class ReportController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Get(':id/report')
  @Reads()
  @ApiOperation({
    summary: 'The report of an experiment: a page for a person, or its data for a program',
    description:
      'As HTML (the default): the verdict table, detection and recovery times, and charts of control against ' +
      'experiment; in a browser the token may be given once through the sign-in form (GET /sign-in) instead of ' +
      'the Authorization header. With `Accept: application/json`: the data the page is drawn from.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: ExperimentReportDataDto, description: 'The page, or (Accept: application/json) its data' })
  @ApiNotFoundResponse({ type: ProblemDto })
  async report(
    @Param('id', new ExperimentIdPipe()) id: string,
    @Req() request: NegotiatingRequest,
    @Res() response: ReportResponse,
  ): Promise<void> {
    const data = await this.experiments.report(id);
    // A running experiment's report changes from one minute to the next.
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Vary', 'Accept');
    if (request.accepts(['text/html', 'application/json']) === 'application/json') {
      response.json(data);
      return;
    }
    response.setHeader('Content-Security-Policy', PAGE_SECURITY_POLICY);
    response.type('text/html; charset=utf-8').send(renderReportPage(data));
  }
}
