import { describe, expect, it } from 'vitest';
import { matchRoute } from './router';

const routes = [
  { method: 'GET', path: '/replicas' },
  { method: 'POST', path: '/replicas/:id/signal' },
  { method: 'POST', path: '/zones/:group/:zone/down' },
  { method: 'DELETE', path: '/cpu-hogs/:id' },
  { method: 'GET', path: '/cpu-hogs' },
];

describe('matchRoute', () => {
  it('finds a route and its parameters, decoded', () => {
    expect(matchRoute(routes, 'POST', '/replicas/experiment-api-a/signal')).toEqual({
      kind: 'found',
      route: routes[1],
      params: { id: 'experiment-api-a' },
    });
    expect(matchRoute(routes, 'POST', '/zones/experiment/a%20b/down')).toMatchObject({
      params: { group: 'experiment', zone: 'a b' },
    });
    expect(matchRoute(routes, 'GET', '/replicas/')).toMatchObject({ kind: 'found', route: routes[0] });
  });

  it('tells a path of another method from an unknown path', () => {
    expect(matchRoute(routes, 'GET', '/cpu-hogs/hog-1')).toEqual({ kind: 'method-not-allowed', allowed: ['DELETE'] });
    expect(matchRoute(routes, 'GET', '/replicas/x/logs/more')).toEqual({ kind: 'not-found' });
    expect(matchRoute(routes, 'GET', '/replicas/%E0%A4%A')).toEqual({ kind: 'not-found' });
  });
});
