import type { z } from 'zod';
import { environmentSchema, Environment } from './schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; a wrong value stops start-up with a message naming the variable. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return parseSettings(environmentSchema, env);
}

/**
 * Any program's settings parsed by their schema; a wrong value throws `Failure` (ConfigError by
 * default) with one line per variable at fault.
 */
export function parseSettings<S extends z.ZodType>(
  schema: S,
  env: unknown,
  Failure: new (message: string) => Error = ConfigError,
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Failure(`invalid configuration:\n  ${problems.join('\n  ')}`);
}
