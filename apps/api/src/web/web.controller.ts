import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webRoot } from './web-root';

interface Sender {
  type(contentType: string): Sender;
  send(body: Buffer): void;
}

/**
 * The page's three files, read once and served from memory by explicit routes. (A static-files
 * middleware would stat the disk for every API request before the router sees it: a measurable
 * share of each similar-songs request.)
 */
@ApiExcludeController()
@Controller()
export class WebController {
  private readonly files = Object.fromEntries(
    ['index.html', 'app.js', 'style.css'].map((name) => [name, readFileSync(join(webRoot(), name))]),
  );

  @Get()
  @Header('Cache-Control', 'no-cache')
  page(@Res() response: Sender): void {
    response.type('text/html; charset=utf-8').send(this.files['index.html']);
  }

  @Get('app.js')
  @Header('Cache-Control', 'public, max-age=60')
  script(@Res() response: Sender): void {
    response.type('text/javascript; charset=utf-8').send(this.files['app.js']);
  }

  @Get('style.css')
  @Header('Cache-Control', 'public, max-age=60')
  style(@Res() response: Sender): void {
    response.type('text/css; charset=utf-8').send(this.files['style.css']);
  }
}
