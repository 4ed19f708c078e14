import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportWebRoot } from './web-root';

interface AssetResponse {
  setHeader(name: string, value: string): unknown;
  type(contentType: string): AssetResponse;
  send(body: Buffer): void;
}

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * The runner pages' scripts and styles (the report's, the home page's, uPlot's), served by the runner
 * itself: the pages must work on a machine without internet access, and their Content-Security-Policy
 * allows nothing else.
 * Read once at start-up; the names are a fixed list, so no path from a request reaches the disk.
 */
@ApiExcludeController()
@Controller('report-assets')
export class ReportAssetsController {
  private readonly files: ReadonlyMap<string, Buffer>;

  constructor() {
    const web = reportWebRoot();
    const uplot = (name: string) => require.resolve(`uplot/dist/${name}`);
    this.files = new Map([
      ['uPlot.iife.min.js', readFileSync(uplot('uPlot.iife.min.js'))],
      ['uPlot.min.css', readFileSync(uplot('uPlot.min.css'))],
      ['report.js', readFileSync(join(web, 'report.js'))],
      ['report.css', readFileSync(join(web, 'report.css'))],
      ['page-kit.js', readFileSync(join(web, 'page-kit.js'))],
      ['home.js', readFileSync(join(web, 'home.js'))],
      ['triggers.js', readFileSync(join(web, 'triggers.js'))],
      ['oncall.js', readFileSync(join(web, 'oncall.js'))],
      ['home.css', readFileSync(join(web, 'home.css'))],
    ]);
  }

  @Get(':name')
  asset(@Param('name') name: string, @Res() response: AssetResponse): void {
    const file = this.files.get(name);
    if (!file) throw new NotFoundException(`no report asset named ${name}`);
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.type(TYPES[name.slice(name.lastIndexOf('.') + 1)]).send(file);
  }
}
