import type { Principal } from './token-registry';

/** The parts of an Express request the guard, the audit and the session read. */
export interface RunnerRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly params?: Readonly<Record<string, string | undefined>>;
  readonly route?: { readonly path?: string };
  readonly baseUrl?: string;
  readonly path?: string;
  readonly ip?: string;
  readonly secure?: boolean;
  readonly socket?: { readonly remoteAddress?: string };
  /** Set by the guard once the token is known. */
  principal?: Principal;
  /** The experiment a request created, for the audit log (the others name theirs in the path). */
  auditedExperimentId?: string;
}

export function header(request: RunnerRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
