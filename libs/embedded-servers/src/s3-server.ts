import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EmbeddedServerError } from './errors';
import { LogTail } from './log-tail';
import { spawnNodeScript, terminate } from './node-child';

export interface S3ServerOptions {
  /** Scale's data directory; objects are stored under `<dataDir>/s3` and survive restarts. */
  dataDir: string;
  /** Loopback port to listen on; the kernel picks a free one when left out. */
  port?: number;
  /** Buckets to create at start when they do not exist yet. */
  buckets?: readonly string[];
}

export interface RunningS3Server {
  /** `http://127.0.0.1:port`; use path-style addressing (forcePathStyle). */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The server's process. */
  pid: number;
  /** Kills the server's process and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

// The only credentials s3rver accepts: it checks request signatures against this fixed key pair.
const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';
const START_TIMEOUT_MS = 30_000;

/**
 * The server's process: it reports its port as one JSON line on stdout, and exits when its stdin ends, which
 * happens when the parent exits for any reason, SIGKILL included.
 */
const S3_SERVER_SCRIPT = `
'use strict';
const [s3rverPath, directory, port, buckets] = process.argv.slice(1);
const parentGone = () => process.exit(0);
process.stdin.on('end', parentGone);
process.stdin.on('close', parentGone);
process.stdin.on('error', parentGone);
process.stdin.resume();
const S3rver = require(s3rverPath);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: JSON.parse(buckets).map((name) => ({ name })),
});
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => {
    process.stderr.write(String((error && error.stack) || error) + '\\n');
    process.exit(1);
  },
);
`;

/**
 * Starts a local S3-compatible server (s3rver) in a process of its own, so that serving objects gets its own core
 * instead of competing with the caller's event loop, which matters when the caller is a benchmark.
 */
export async function startS3Server(options: S3ServerOptions): Promise<RunningS3Server> {
  const directory = join(resolve(options.dataDir), 's3');
  const child = spawnNodeScript(
    S3_SERVER_SCRIPT,
    [require.resolve('s3rver'), directory, String(options.port ?? 0), JSON.stringify(options.buckets ?? [])],
    'pipe',
    // s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 only
    // offers from its legacy provider; without it every listing past the first page fails.
    ['--openssl-legacy-provider'],
  );
  const logs = new LogTail();
  child.stdin?.on('error', () => undefined);
  child.stderr?.setEncoding('utf8').on('data', logs.push);

  let port: number;
  try {
    port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no port reported within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      child.once('error', fail);
      child.once('exit', (code, signal) => fail(new Error(`its process exited (${signal ?? `code ${code}`})`)));
      // Keeps reading after the port line, so the child never blocks on a full stdout pipe.
      if (!child.stdout) return fail(new Error('its stdout is not a pipe'));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const reported = parsePort(line);
        if (reported === undefined) return logs.push(line);
        clearTimeout(timer);
        resolvePort(reported);
      });
    });
  } catch (error) {
    await terminate(child);
    throw new EmbeddedServerError(
      `could not start the local S3 server in ${directory}: ${(error as Error).message}${logs.describe()}`,
      { cause: error },
    );
  }

  const pid = child.pid;
  if (pid === undefined) throw new EmbeddedServerError('the local S3 server reported a port but has no pid');
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    pid,
    stop: () => (stopped ??= terminate(child)),
  };
}

function parsePort(line: string): number | undefined {
  try {
    const message: unknown = JSON.parse(line);
    if (typeof message === 'object' && message !== null && 'port' in message && typeof message.port === 'number') {
      return message.port;
    }
  } catch {
    // Not the port line.
  }
  return undefined;
}
