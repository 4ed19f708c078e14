import { parseArgs } from 'node:util';

export interface HogArguments<Name extends string> {
  id: string;
  timeoutSeconds: number;
  /** The program's own options, as given. */
  values: Partial<Record<Name, string>>;
}

/**
 * What a hog program is started with: `--id` (how a later run of the cluster finds it) and `--timeout`,
 * which every hog takes, beside its own options. A missing id or a timeout that is not a positive
 * number of seconds ends it with its usage.
 */
export function parseHogArguments<Name extends string>(usage: string, names: readonly Name[]): HogArguments<Name> {
  const options = Object.fromEntries(['id', 'timeout', ...names].map((name) => [name, { type: 'string' as const }]));
  const values = parseArgs({ options }).values as Partial<Record<Name | 'id' | 'timeout', string>>;
  const timeoutSeconds = Number(values.timeout);
  if (!values.id || !(timeoutSeconds > 0)) exitWithUsage(usage);
  return { id: values.id, timeoutSeconds, values };
}

export function exitWithUsage(usage: string): never {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
