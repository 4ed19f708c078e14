import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PAGE_SECURITY_POLICY } from '../report/page-shell';
import { renderSignInPage, safeNext } from '../report/sign-in-page';
import { SESSION_COOKIE } from './credentials';
import type { RunnerRequest } from './runner-request';
import { TokenRegistry } from './token-registry';

interface PageResponse {
  status(code: number): PageResponse;
  setHeader(name: string, value: string | string[]): unknown;
  type(contentType: string): PageResponse;
  send(body: string): void;
  redirect(status: number, url: string): void;
}

const SESSION_SECONDS = 12 * 60 * 60;

/**
 * Lets a person read the runner's pages in a browser: the token typed once into a form becomes a
 * cookie. Lax, because a report link followed from a chat or a dashboard must arrive signed in; safe,
 * because the cookie is accepted only for reads — triggering always takes the Authorization header.
 */
@ApiExcludeController()
@Controller()
export class SessionController {
  constructor(private readonly tokens: TokenRegistry) {}

  @Get('sign-in')
  form(@Query('next') next: unknown, @Res() response: PageResponse): void {
    page(response, 200, renderSignInPage({ next: safeNext(next) }));
  }

  @Post('sign-in')
  @HttpCode(303)
  signIn(
    @Body() body: { token?: unknown; next?: unknown } | undefined,
    @Req() request: RunnerRequest,
    @Res() response: PageResponse,
  ): void {
    const next = safeNext(body?.next);
    const token = typeof body?.token === 'string' ? body.token.trim() : '';
    if (token === '' || this.tokens.identify(token) === null) {
      response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      page(response, 401, renderSignInPage({ next, problem: 'That token is not one this runner knows.' }));
      return;
    }
    response.setHeader('Set-Cookie', cookie(encodeURIComponent(token), SESSION_SECONDS, request.secure === true));
    response.redirect(303, next);
  }

  @Post('sign-out')
  signOut(@Req() request: RunnerRequest, @Res() response: PageResponse): void {
    response.setHeader('Set-Cookie', cookie('', 0, request.secure === true));
    response.redirect(303, '/sign-in');
  }
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

function page(response: PageResponse, status: number, body: string): void {
  response.setHeader('Content-Security-Policy', PAGE_SECURITY_POLICY);
  response.setHeader('Cache-Control', 'no-store');
  response.status(status).type('text/html; charset=utf-8').send(body);
}
