export { resolveInfrastructure, resolveDatabase } from './infrastructure';
export type { Infrastructure, InfrastructureOptions, S3Settings } from './infrastructure';
export { startEmbeddedPostgres } from './postgres-server';
export type { EmbeddedPostgresOptions, RunningPostgres } from './postgres-server';
export { startS3Server } from './s3-server';
export type { S3ServerOptions, RunningS3Server } from './s3-server';
export { findFreePort } from './free-port';
export { EmbeddedServerError } from './errors';
