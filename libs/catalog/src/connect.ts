import { DataSource } from 'typeorm';
import type { Logger } from 'pino';

/** Where the catalog lives, without the password, for messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the database';
  }
}

/**
 * Connects, waiting for as long as it takes: a database that is down at start-up (or restarting)
 * is an ordinary event, not a reason for the process to die and lose its place.
 */
export async function connectWithRetry(dataSource: DataSource, logger: Logger, maxDelayMs = 10_000): Promise<void> {
  const where = describeDatabase(String((dataSource.options as { url?: string }).url ?? ''));
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.initialize();
      if (attempt > 1) logger.info({ database: where }, 'catalog database reachable again');
      return;
    } catch (error) {
      // A wrong password or a missing database will not fix itself: say so and stop.
      if (!isConnectionFailure(error)) throw error;
      logger.warn(
        { database: where, attempt, retryInMs: delay, err: error },
        `catalog database unavailable, retrying: ${errorMessage(error)}`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorMessage(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * Whether an error means "the database is not there right now" (worth waiting out) rather than
 * "this statement is wrong" (a bug that waiting will not fix). SQLSTATE class 08 is connection
 * exceptions; 57P01-57P03 are shutdowns and start-ups; anything without a SQLSTATE came from the
 * socket or the pool.
 */
export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Socket errors carry errno names (ECONNREFUSED, EPIPE); SQLSTATE classes never start with E.
  if (typeof code === 'string' && code.startsWith('E')) return true;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
  }
  // The pool's own failures have no code, only a message; anything else is a bug, not an outage.
  const message = error instanceof Error ? error.message : String(error);
  return /connect|connection|terminated|timeout|socket/i.test(message);
}
