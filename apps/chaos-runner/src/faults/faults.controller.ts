import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ExperimentsService } from '../experiments/experiments.service';
import { FaultDto } from './dto/fault.dto';
import { Reads, RunnerEndpoints } from '../common/runner-endpoint.decorator';

@ApiTags('faults')
@RunnerEndpoints()
@Controller('faults')
export class FaultsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Get()
  @Reads()
  @ApiOperation({ summary: 'The faults an experiment may inject, with the parameters each takes' })
  @ApiOkResponse({ type: [FaultDto] })
  list(): FaultDto[] {
    return this.experiments.faults();
  }
}
