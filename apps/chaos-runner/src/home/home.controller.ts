import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { RunnerRequest } from '../auth/runner-request';
import { Reads, RunnerEndpoints } from '../common/runner-endpoint.decorator';
import { HaltService } from '../halt/halt.service';
import { PAGE_SECURITY_POLICY } from '../report/page-shell';
import { SuitesService } from '../suites/suites.service';
import { renderHomePage } from './home-page';

/** The pages' policy, and the runner's own JSON endpoints to read and trigger: nothing from elsewhere. */
export const HOME_SECURITY_POLICY = `${PAGE_SECURITY_POLICY}; connect-src 'self'`;

interface PageResponse {
  setHeader(name: string, value: string): unknown;
  type(contentType: string): PageResponse;
  send(body: string): void;
}

/**
 * The runner's home page, for a person: behind the same token as every read (a browser without one
 * gets the sign-in form, as for a report). A page, not an API: left out of the OpenAPI document.
 */
@ApiExcludeController()
@RunnerEndpoints()
@Controller()
export class HomeController {
  constructor(
    private readonly suites: SuitesService,
    private readonly halt: HaltService,
  ) {}

  @Get()
  @Reads()
  async home(@Req() request: RunnerRequest, @Res() response: PageResponse): Promise<void> {
    const page = renderHomePage({
      principal: request.principal!,
      halted: await this.halt.isHalted(),
      suites: this.suites.list(),
    });
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Security-Policy', HOME_SECURITY_POLICY);
    response.type('text/html; charset=utf-8').send(page);
  }
}
