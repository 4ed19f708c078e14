import { environmentSchema, Environment } from './schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; a wrong value stops start-up with a message naming the variable. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = environmentSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
}
