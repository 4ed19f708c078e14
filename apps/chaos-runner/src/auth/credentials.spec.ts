import { describe, expect, it } from 'vitest';
import { bearerToken, cookieValue, presentedToken, SESSION_COOKIE } from './credentials';

describe('credentials', () => {
  it('reads a bearer token whatever the case of the scheme, and nothing else', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer  abc')).toBe('abc');
    expect(bearerToken('Basic YWxpY2U6eA==')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('finds a cookie among others, decoded', () => {
    expect(cookieValue(`theme=dark; ${SESSION_COOKIE}=a%3Ab; x=1`, SESSION_COOKIE)).toBe('a:b');
    expect(cookieValue(`x${SESSION_COOKIE}=nope`, SESSION_COOKIE)).toBeNull();
    expect(cookieValue(`${SESSION_COOKIE}=%E0%A4%A`, SESSION_COOKIE)).toBeNull();
  });

  it('takes the cookie only for reads, and the header over the cookie', () => {
    const cookie = `${SESSION_COOKIE}=from-cookie`;
    expect(presentedToken({ method: 'GET', headers: { cookie } })).toBe('from-cookie');
    expect(presentedToken({ method: 'POST', headers: { cookie } })).toBeNull();
    expect(presentedToken({ method: 'GET', headers: { cookie, authorization: 'Bearer from-header' } })).toBe(
      'from-header',
    );
    // A header in another scheme is a wrong credential, not a reason to fall back to the cookie.
    expect(presentedToken({ method: 'GET', headers: { cookie, authorization: 'Basic eA==' } })).toBeNull();
  });
});
