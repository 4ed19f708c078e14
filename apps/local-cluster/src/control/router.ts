/** A route's path template: literal segments and `:name` parameters (`/replicas/:id/signal`). */
export interface RouteTemplate {
  method: string;
  path: string;
}

export type RouteMatch<R extends RouteTemplate> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  /** The path exists, but not for this method. */
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/** Finds the route for a request; parameters are URL-decoded, and never match an empty segment. */
export function matchRoute<R extends RouteTemplate>(
  routes: readonly R[],
  method: string,
  pathname: string,
): RouteMatch<R> {
  const segments = splitPath(pathname);
  if (segments === undefined) return { kind: 'not-found' };
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchSegments(splitPath(route.path) ?? [], segments);
    if (!params) continue;
    if (route.method === method) return { kind: 'found', route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}

function splitPath(pathname: string): string[] | undefined {
  try {
    return pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    // Malformed percent-encoding names no resource.
    return undefined;
  }
}

function matchSegments(template: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const segment = segments[index];
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}
