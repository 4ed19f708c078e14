export { environmentSchema } from './schema';
export type { Environment } from './schema';
export { loadEnvironment, ConfigError } from './load';
export { ConfigModule, ENVIRONMENT } from './config.module';
