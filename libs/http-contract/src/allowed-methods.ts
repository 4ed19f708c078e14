import { NotFoundException } from '@nestjs/common';

interface RouteLayer {
  readonly route?: { readonly methods: Readonly<Record<string, boolean | undefined>> };
  match(path: string): boolean;
}

export interface RoutedRequest {
  readonly method: string;
  readonly url: string;
  readonly originalUrl?: string;
  readonly app?: { readonly router?: { readonly stack: readonly RouteLayer[] } };
}

/** The exception NestJS throws when no route matches the method and path (its own 404). */
export function isRouteNotFound(exception: unknown, request: RoutedRequest): boolean {
  return (
    exception instanceof NotFoundException &&
    exception.message === `Cannot ${request.method} ${request.originalUrl ?? request.url}`
  );
}

/**
 * The methods some route serves at the request's path, for `Allow` (RFC 9110): a path that exists
 * answers a method it does not serve with 405, not 404. Read from Express' router when a request missed
 * every route, so the requests that hit one pay nothing for it.
 */
export function allowedMethods(request: RoutedRequest): string[] {
  const path = (request.originalUrl ?? request.url).split('?')[0];
  const methods = new Set<string>();
  for (const layer of request.app?.router?.stack ?? []) {
    if (!layer.route || !matches(layer, path)) continue;
    for (const [method, served] of Object.entries(layer.route.methods)) {
      if (served && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}

function matches(layer: RouteLayer, path: string): boolean {
  try {
    return layer.match(path);
  } catch {
    // A parameter that is not valid percent-encoding: no route of ours takes it.
    return false;
  }
}
