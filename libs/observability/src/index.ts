export { createLogger, NestPinoLogger } from './logger';
export type { Logger } from './logger';
export { LoggerModule, LOGGER } from './logger.module';
