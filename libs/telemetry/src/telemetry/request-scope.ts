import type { AsyncLocalStorage } from 'node:async_hooks';
import * as Sentry from '@sentry/node';

interface Scopes {
  scope: Sentry.Scope;
  isolationScope: Sentry.Scope;
}

/**
 * A request's Sentry scopes: the process's own until the request first needs one of its own, for a
 * breadcrumb or an error. Most requests never do (similar-songs answers from memory, logs nothing),
 * and a scope cloned for every request was ~5 µs of it (a new scope draws a random trace id).
 */
class RequestScopes implements Scopes {
  forked = false;
  constructor(
    public scope: Sentry.Scope,
    public isolationScope: Sentry.Scope,
  ) {}
}

let storage: AsyncLocalStorage<Scopes> | undefined;

/** The AsyncLocalStorage where Sentry's Node client looks for the current scopes. */
export function useScopeStorage(scopes: AsyncLocalStorage<Scopes> | undefined): void {
  storage = scopes;
}

/**
 * Enters the request's scopes for the current execution and what it starts; run by the server
 * span's subscriber before the server emits `request`. Undefined when Sentry is off.
 */
export function requestScopeEntry(): (() => void) | undefined {
  const scopes = storage;
  if (scopes === undefined) return undefined;
  return () => scopes.enterWith(new RequestScopes(Sentry.getCurrentScope(), Sentry.getIsolationScope()));
}

/**
 * The isolation scope breadcrumbs and events of the running request go to, its own from the first
 * call on: every continuation of the request shares the one scopes object, so all see the fork.
 */
export function requestIsolationScope(): Sentry.Scope {
  const scopes = storage?.getStore();
  if (scopes instanceof RequestScopes && !scopes.forked) {
    scopes.isolationScope = scopes.isolationScope.clone();
    scopes.forked = true;
  }
  return Sentry.getIsolationScope();
}
