import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, startS3Server } from '@scale/embedded-servers';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the Postgres shared by the suites; each test makes its own database. */
    adminDatabaseUrl: string;
    s3Endpoint: string;
    /** Where each suite may put servers of its own (for the ones it stops and starts). */
    scratchDir: string;
  }
}

/**
 * One real Postgres and one real S3 server for all integration suites, and a fresh build, because
 * some tests run the compiled programs as separate processes (to kill them, for one).
 */
export default async function setup(project: TestProject) {
  const root = resolve(__dirname, '..', '..');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  const scratchDir = await mkdtemp(join(tmpdir(), 'scale-it-'));
  // The embedded Postgres runs as another user, which must be able to reach its folder.
  await chmod(scratchDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: join(scratchDir, 'shared') });
  const s3 = await startS3Server({ dataDir: join(scratchDir, 'shared') });
  project.provide('adminDatabaseUrl', postgres.url);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('scratchDir', scratchDir);
  return async () => {
    await s3.stop();
    await postgres.stop();
    await rm(scratchDir, { recursive: true, force: true });
  };
}
