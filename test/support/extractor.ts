import { spawn, ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { loadEnvironment, Environment } from '@scale/config';
import type { Infrastructure } from '@scale/embedded-servers';
import { createLogger } from '@scale/telemetry';
import { extractOnce } from '../../apps/extractor/src/extraction-run';
import type { ExtractionReport } from '../../apps/extractor/src/summary-report';
import { S3_CREDENTIALS } from './bucket';

const ROOT = resolve(__dirname, '../..');
export const CLI = resolve(ROOT, 'dist/apps/cli/src/main.js');

export interface Target {
  readonly databaseUrl: string;
  readonly s3Endpoint: string;
  readonly bucket: string;
}

export function extractorEnvironment(target: Target, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: target.databaseUrl,
    S3_ENDPOINT: target.s3Endpoint,
    S3_BUCKET: target.bucket,
    AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    EXTRACTOR_CONCURRENCY: '4',
    EXTRACTOR_BATCH_SIZE: '8',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

export function configuredInfrastructure(environment: Environment): Infrastructure {
  return {
    databaseUrl: environment.DATABASE_URL as string,
    s3: {
      endpoint: environment.S3_ENDPOINT,
      region: environment.S3_REGION,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    },
    embedded: { postgres: false, s3: false },
    stop: async () => undefined,
  };
}

/** The one-shot extractor in this process, as `scale extract` runs it. */
export async function extractInProcess(
  target: Target,
  overrides: Record<string, string> = {},
): Promise<ExtractionReport> {
  const environment = loadEnvironment(extractorEnvironment(target, overrides));
  return extractOnce(
    environment,
    configuredInfrastructure(environment),
    createLogger('scale-extractor-test', environment.LOG_LEVEL),
  );
}

export interface RunningProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** The compiled `scale` command (or another program) as a separate process, for tests that kill or restart things. */
export function runCli(
  args: string[],
  environment: Record<string, string>,
  program = CLI,
  nodeOptions: string[] = [],
): RunningProcess {
  const child = spawn(process.execPath, [...nodeOptions, program, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls until `check` holds, failing with `what` after the timeout. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, intervalMs));
  }
}
