import { z } from 'zod';
import { GROUPS } from '../cluster-options';
import { InvalidRequestError } from './cluster-errors';

/** The signals a container-level fault sends; others (SIGHUP, SIGUSR1) have no meaning to the programs. */
export const REPLICA_SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGSTOP', 'SIGCONT'] as const;

export const signalRequestSchema = z.strictObject({ signal: z.enum(REPLICA_SIGNALS) });

export const cpuHogRequestSchema = z.strictObject({
  cores: z.number().int().min(1).max(64),
  loadPercent: z.number().min(1).max(100),
  /** Bounded, so a hog never runs for good: it ends by itself even when nobody stops it. */
  timeoutSeconds: z
    .number()
    .positive()
    .max(24 * 60 * 60),
});

export const zoneParamsSchema = z.object({ group: z.enum(GROUPS), zone: z.string().min(1) });

/** Parses `input` or throws an InvalidRequestError naming each wrong field (`body` for the whole). */
export function parseRequest<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidRequestError(
    parsed.error.issues.map((issue) => ({
      field:
        issue.path.length > 0
          ? issue.path.join('.')
          : issue.code === 'unrecognized_keys'
            ? issue.keys.join(', ')
            : 'body',
      message: issue.message,
    })),
  );
}

export const memoryHogRequestSchema = z
  .strictObject({
    megabytes: z.number().int().min(1).max(65_536).optional(),
    sharePercent: z.number().min(1).max(100).optional(),
    /** Bounded, so a hog never holds its memory for good. */
    timeoutSeconds: z
      .number()
      .positive()
      .max(24 * 60 * 60),
  })
  .refine((request) => (request.megabytes === undefined) !== (request.sharePercent === undefined), {
    path: ['megabytes'],
    message: 'give megabytes or sharePercent (of the memory limit), not both',
  });

export const diskFillRequestSchema = z.strictObject({ sharePercent: z.number().min(1).max(100) });
