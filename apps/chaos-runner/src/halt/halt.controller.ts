import { Body, Controller, Delete, Get, HttpCode, Post, ValidationPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { HaltService } from './halt.service';
import { HaltedDto, HaltRequestDto, HaltStateDto } from './dto/halt.dto';
import { ProblemDto } from '../common/dto/problem.dto';
import { Reads, RunnerEndpoints, Triggers } from '../common/runner-endpoint.decorator';

const body = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** The big red button: revert every fault now and start nothing until someone releases it. */
@ApiTags('halt')
@RunnerEndpoints()
@Controller('halt')
export class HaltController {
  constructor(private readonly halt: HaltService) {}

  @Post()
  @Triggers()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Halt: abort every running experiment, revert every open fault, refuse new runs until released',
  })
  @ApiBody({ type: HaltRequestDto, required: false, description: 'Optional: why' })
  @ApiOkResponse({ type: HaltedDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  stop(@Body(body) request: HaltRequestDto, @Actor() actor: string): Promise<{ halted: true; reverted: number }> {
    return this.halt.halt(actor, request.reason);
  }

  @Delete()
  @Triggers()
  @ApiOperation({ summary: 'Release the halt: experiments may start again' })
  @ApiOkResponse({ type: HaltStateDto })
  release(@Actor() actor: string): Promise<{ halted: false }> {
    return this.halt.release(actor);
  }

  @Get()
  @Reads()
  @ApiOperation({ summary: 'Whether the runner is halted' })
  @ApiOkResponse({ type: HaltStateDto })
  async state(): Promise<{ halted: boolean }> {
    return { halted: await this.halt.isHalted() };
  }
}
