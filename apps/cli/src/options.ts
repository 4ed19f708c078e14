import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from './usage';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util's parser, strict, with its complaints (unknown option, missing value) turned into
 * UsageError so the dispatcher prints them with the usage text and exit code 2.
 */
export function parseCommandLine<T extends OptionsConfig>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message);
    throw error;
  }
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/** Whole numbers only: "1e3" or "12abc" are more likely typos than intentions. */
export function positiveInteger(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--${option} needs a whole number of at least 1, got "${text}"`);
  }
  return value;
}

export function positiveSeconds(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = /^\d*\.?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${option} needs a number of seconds above 0, got "${text}"`);
  }
  return value;
}
