import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { activeTraceIds } from './telemetry/active-trace';
import { addLogBreadcrumb } from './telemetry/breadcrumbs';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stderr, so that a program's stdout carries only its results (the
 * extractor's summary, the CLI's JSON lines) and can be piped. A line written while a span is
 * active carries its trace_id and span_id, so a log line leads to its trace; each line is also a
 * Sentry breadcrumb, so an error event shows what was logged before it.
 */
export function createLogger(name: string, level: string): Logger {
  return pino(
    {
      name,
      level,
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => activeTraceIds() ?? {},
      hooks: {
        logMethod(args, write, levelValue) {
          addLogBreadcrumb(
            levelValue,
            args.find((arg) => typeof arg === 'string'),
          );
          write.apply(this, args);
        },
      },
    },
    pino.destination(2),
  );
}

/** Routes NestJS's own messages (module start-up, routes) into the same JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
