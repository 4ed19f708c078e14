import { header, type RunnerRequest } from './runner-request';

/** The cookie a browser keeps its token in, so a person can open a report by its link. */
export const SESSION_COOKIE = 'scale_runner_token';

/** `Authorization: Bearer <token>` (RFC 6750); any other scheme, or none, is no credential. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim();
    try {
      return decodeURIComponent(value) || null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The token a request carries. The header wins; the cookie counts only for GET and HEAD, so a page on
 * another site cannot make a signed-in browser start or halt anything (on top of SameSite=Lax).
 */
export function presentedToken(request: RunnerRequest): string | null {
  const fromHeader = bearerToken(header(request, 'authorization'));
  if (fromHeader !== null || header(request, 'authorization') !== undefined) return fromHeader;
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  return cookieValue(header(request, 'cookie'), SESSION_COOKIE);
}
