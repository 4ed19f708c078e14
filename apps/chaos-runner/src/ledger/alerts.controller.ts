import { Controller, Get, Query, ValidationPipe } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ProblemDto } from '../common/dto/problem.dto';
import { Reads, RunnerEndpoints } from '../common/runner-endpoint.decorator';
import { AlertListDto } from './dto/alert.dto';
import { AlertsQuery } from './dto/alerts.query';
import { ServicesStatisticsDto, WeeklyStatisticsDto } from './dto/statistics.dto';
import { StatisticsQuery, WeeklyStatisticsQuery } from './dto/statistics.query';
import { LedgerService } from './ledger.service';

/** Query strings become typed DTOs; an unknown or malformed parameter is a 400 naming it. */
const RANGE_REFUSED = '`from` is not before `to`, or more than 366 days before it';

const query = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

@ApiTags('alert ledger')
@RunnerEndpoints()
@ApiBadRequestResponse({ type: ProblemDto, description: 'A parameter is invalid; the message names it' })
@Controller('alerts')
export class AlertsController {
  constructor(private readonly ledger: LedgerService) {}

  @Get()
  @Reads()
  @ApiOperation({ summary: 'Alert occurrences in the ledger, newest first' })
  @ApiOkResponse({ type: AlertListDto })
  list(@Query(query) parameters: AlertsQuery): Promise<AlertListDto> {
    return this.ledger.list(parameters);
  }

  @Get('statistics/weekly')
  @Reads()
  @ApiOperation({
    summary: 'Per ISO week: alerts by service, noisy alerts, the top 20 alerts, incidents by SEV level and by service',
    description:
      'An incident is a set of overlapping alerts of one service and group, as severe as its most severe alert.',
  })
  @ApiOkResponse({ type: WeeklyStatisticsDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: RANGE_REFUSED })
  weekly(@Query(query) parameters: WeeklyStatisticsQuery): Promise<WeeklyStatisticsDto> {
    return this.ledger.weekly(parameters);
  }

  @Get('statistics/services')
  @Reads()
  @ApiOperation({
    summary: 'Per service and group: time to resolve alerts (mean, p50, p90), incidents, MTTR and MTBF',
    description:
      'MTTD needs the fault injection times; the experiments measure it from the same ledger (LedgerService.firings).',
  })
  @ApiOkResponse({ type: ServicesStatisticsDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: RANGE_REFUSED })
  services(@Query(query) parameters: StatisticsQuery): Promise<ServicesStatisticsDto> {
    return this.ledger.services(parameters);
  }
}
