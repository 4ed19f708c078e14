import { Controller, Get, Query, ValidationPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/dto/problem.dto';
import { Reads, RunnerEndpoints } from '../common/runner-endpoint.decorator';
import { AuditRepository, type AuditPage } from './audit.repository';
import { AuditPageDto, AuditQuery } from './dto/audit.dto';

const query = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

@ApiTags('audit')
@RunnerEndpoints()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @Reads()
  @ApiOperation({
    summary: 'Who asked the runner to start, abort, halt or release what, and what it answered; newest first',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  list(@Query(query) { limit, before }: AuditQuery): Promise<AuditPage> {
    return this.audit.list({ limit, before });
  }
}
