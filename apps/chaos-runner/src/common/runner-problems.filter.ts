import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { header, type RunnerRequest } from '../auth/runner-request';
import { PAGE_SECURITY_POLICY } from '../report/page-shell';
import { renderProblemPage, renderSignInPage, safeNext } from '../report/sign-in-page';
import { RUNNER_ERRORS, runnerProblem } from './runner-problems';

interface ProblemResponse {
  status(code: number): ProblemResponse;
  setHeader(name: string, value: string): unknown;
  type(contentType: string): ProblemResponse;
  json(body: unknown): void;
  send(body: string): void;
  headersSent?: boolean;
}

/**
 * The runner's domain errors as problem+json for programs, and as a page for a person who followed
 * a link in a browser: the sign-in form for a 401, the problem in words otherwise. Anything else
 * (bugs, the database being down) is left to the app's own filter, which logs and reports it.
 */
@Catch(...RUNNER_ERRORS)
export class RunnerProblemsFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RunnerRequest & { originalUrl?: string }>();
    const response = http.getResponse<ProblemResponse>();
    const problem = runnerProblem(error)!;
    if (response.headersSent) return;
    if (problem.authenticate) response.setHeader('WWW-Authenticate', problem.authenticate);
    if (wantsPage(request)) {
      response.setHeader('Content-Security-Policy', PAGE_SECURITY_POLICY);
      response.setHeader('Cache-Control', 'no-store');
      const page =
        problem.status === 401 ? renderSignInPage({ next: safeNext(request.originalUrl) }) : renderProblemPage(problem);
      response.status(problem.status).type('text/html; charset=utf-8').send(page);
      return;
    }
    const { authenticate: _challenge, ...body } = problem;
    response
      .status(problem.status)
      .type('application/problem+json')
      .json({ type: 'about:blank', ...body });
  }
}

/** A browser navigating (not a script fetching): a GET whose Accept names HTML before JSON. */
function wantsPage(request: RunnerRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const accept = header(request, 'accept') ?? '';
  const htmlAt = accept.indexOf('text/html');
  const jsonAt = accept.indexOf('json');
  return htmlAt >= 0 && (jsonAt < 0 || htmlAt < jsonAt);
}
