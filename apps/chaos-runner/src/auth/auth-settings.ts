import { z } from 'zod';
import { parseSettings } from '@scale/config';

/** What a token may do: read everything, or read and also trigger (start, abort, halt, release). */
export type Access = 'read-only' | 'read-write';

export interface NamedToken {
  /** Who holds the token; the audit log records this name, never the token. */
  readonly name: string;
  readonly token: string;
  readonly access: Access;
}

export interface AuthSettings {
  readonly tokens: readonly NamedToken[];
  /** The credential Alertmanager posts alerts with; it opens nothing else, and no trigger token opens the webhook. */
  readonly webhookToken?: string;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** 16 random hex characters are 64 bits: beyond brute force over HTTP, and easy to paste. */
export const MIN_TOKEN_LENGTH = 16;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * `name:token,name2:token2`. The token is everything after the first colon, so a token may hold
 * colons but not commas (the separator) or spaces (which an Authorization header cannot carry).
 */
const tokenList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const entries: Array<{ name: string; token: string }> = [];
    for (const [index, entry] of text
      .split(',')
      .map((part) => part.trim())
      .entries()) {
      if (entry === '') continue;
      const colon = entry.indexOf(':');
      const name = colon < 0 ? entry : entry.slice(0, colon);
      const token = colon < 0 ? '' : entry.slice(colon + 1);
      // An entry without a colon may be a bare token: never echo it into a log.
      const where = colon >= 0 && NAME.test(name) ? `entry ${index + 1} ("${name}")` : `entry ${index + 1}`;
      if (colon < 0) {
        ctx.addIssue({ code: 'custom', message: `${where}: must be name:token` });
      } else if (!NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `${where}: the name must be 1-64 letters, digits, . _ @ - before a colon`,
        });
      } else if (token.length < MIN_TOKEN_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          message: `${where}: the token must be at least ${MIN_TOKEN_LENGTH} characters`,
        });
      } else if (/\s/.test(token)) {
        ctx.addIssue({ code: 'custom', message: `${where}: the token must not contain spaces` });
      } else {
        entries.push({ name, token });
      }
    }
    return entries;
  });

const authEnvironmentSchema = z
  .object({
    /** Tokens that may trigger experiments, abort them, halt and release the runner. */
    RUNNER_TOKENS: tokenList,
    /** Tokens that may only read: experiments, reports, faults, the audit log. */
    RUNNER_READONLY_TOKENS: tokenList,
    /** Alertmanager's bearer token for the alert webhook. */
    RUNNER_WEBHOOK_TOKEN: z
      .string()
      .min(MIN_TOKEN_LENGTH, `must be at least ${MIN_TOKEN_LENGTH} characters`)
      .regex(/^\S+$/, 'must not contain spaces')
      .optional(),
  })
  .superRefine((settings, ctx) => {
    const all = [...settings.RUNNER_TOKENS, ...settings.RUNNER_READONLY_TOKENS];
    const path = ['RUNNER_TOKENS and RUNNER_READONLY_TOKENS'];
    const names = new Set<string>();
    const tokens = new Set<string>();
    for (const { name, token } of all) {
      // A name used twice would make the audit log ambiguous; a token used twice, its access.
      if (names.has(name)) ctx.addIssue({ code: 'custom', path, message: `the name "${name}" is used more than once` });
      if (tokens.has(token)) {
        ctx.addIssue({ code: 'custom', path, message: `the token of "${name}" is also another name's token` });
      }
      names.add(name);
      tokens.add(token);
    }
    if (settings.RUNNER_WEBHOOK_TOKEN !== undefined && tokens.has(settings.RUNNER_WEBHOOK_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['RUNNER_WEBHOOK_TOKEN'],
        message: 'must differ from every token of RUNNER_TOKENS and RUNNER_READONLY_TOKENS',
      });
    }
  });

export class AuthSettingsError extends Error {
  override readonly name = 'AuthSettingsError';
}

/**
 * Reads the runner's tokens once at start-up. Without any, every guarded endpoint answers 401:
 * a runner that can kill processes does not fall back to letting anyone in. The same holds for the
 * alert webhook without RUNNER_WEBHOOK_TOKEN: alerts decide MTTD and the on-call figures.
 */
export function loadAuthSettings(env: Readonly<Record<string, string | undefined>> = process.env): AuthSettings {
  const parsed = parseSettings(
    authEnvironmentSchema,
    {
      RUNNER_TOKENS: env.RUNNER_TOKENS,
      RUNNER_READONLY_TOKENS: env.RUNNER_READONLY_TOKENS,
      RUNNER_WEBHOOK_TOKEN: env.RUNNER_WEBHOOK_TOKEN || undefined,
    },
    AuthSettingsError,
  );
  return {
    tokens: [
      ...parsed.RUNNER_TOKENS.map((entry) => ({ ...entry, access: 'read-write' as const })),
      ...parsed.RUNNER_READONLY_TOKENS.map((entry) => ({ ...entry, access: 'read-only' as const })),
    ],
    ...(parsed.RUNNER_WEBHOOK_TOKEN !== undefined && { webhookToken: parsed.RUNNER_WEBHOOK_TOKEN }),
  };
}
