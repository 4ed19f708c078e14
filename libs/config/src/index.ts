export { environmentSchema, optionalUrl } from './schema';
export type { Environment } from './schema';
export { loadEnvironment, parseSettings, ConfigError } from './load';
export { ConfigModule, ENVIRONMENT } from './config.module';
