import * as Sentry from '@sentry/node';

/** How much of a statement a breadcrumb keeps: enough to recognise it, never a whole batch. */
const MAX_STATEMENT_CHARS = 300;

/** A database statement, as Sentry shows it on the way to an error. */
export function addDatabaseBreadcrumb(statement: string): void {
  if (!Sentry.isInitialized()) return;
  Sentry.addBreadcrumb({ category: 'query', type: 'query', message: statement.slice(0, MAX_STATEMENT_CHARS) });
}

const LEVELS: Record<number, Sentry.Breadcrumb['level']> = {
  10: 'debug',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

/** A log line, as Sentry shows it on the way to an error. */
export function addLogBreadcrumb(level: number, message: unknown): void {
  if (!Sentry.isInitialized()) return;
  Sentry.addBreadcrumb({
    category: 'log',
    level: LEVELS[level] ?? 'info',
    message: typeof message === 'string' ? message : undefined,
  });
}
