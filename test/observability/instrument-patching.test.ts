import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const run = promisify(execFile);

interface Patched {
  /** http.Server.prototype has an `emit` of its own (EventEmitter's is inherited). */
  serverEmitOwn: boolean;
  serverEmit: boolean;
  nestRouter: boolean;
  pgQuery: boolean;
}

/**
 * Loads the modules after a compiled `instrument` entry, as the program would, and reports which
 * functions an instrumentation wrapped (they carry `__wrapped`).
 */
async function patchedAfter(entry: string, env: Record<string, string> = {}): Promise<Patched> {
  const probe = `
    const http = require('node:http');
    const router = require('@nestjs/core/router/router-execution-context');
    const pg = require('pg');
    console.log(JSON.stringify({
      serverEmitOwn: Object.prototype.hasOwnProperty.call(http.Server.prototype, 'emit'),
      serverEmit: Boolean(http.Server.prototype.emit.__wrapped),
      nestRouter: Boolean(router.RouterExecutionContext.prototype.create.__wrapped),
      pgQuery: Boolean(pg.Client.prototype.query.__wrapped),
    }));`;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_') && !name.startsWith('SENTRY_')),
  );
  const { stdout } = await run(process.execPath, ['--import', resolve(ROOT, entry), '-e', probe], {
    cwd: ROOT,
    env: { ...inherited, ...env },
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Patched;
}

describe('what the instrument entry patches', () => {
  it('patches nothing at all when the SDK is disabled', async () => {
    expect(
      await patchedAfter('dist/apps/api/src/instrument.js', {
        OTEL_SDK_DISABLED: 'true',
        SENTRY_SPOTLIGHT: 'http://127.0.0.1:9/stream',
      }),
    ).toEqual({ serverEmitOwn: false, serverEmit: false, nestRouter: false, pgQuery: false });
  });

  it('patches what the API calls (pg), never the HTTP server nor NestJS, when tracing is on', async () => {
    expect(await patchedAfter('dist/apps/api/src/instrument.js')).toEqual({
      serverEmitOwn: false,
      serverEmit: false,
      nestRouter: false,
      pgQuery: true,
    });
  });

  // The same probe sees upstream's configuration patch both: it would see ours.
  it('sees the upstream configuration of the overhead bench patch the server and NestJS', async () => {
    expect(await patchedAfter('dist/bench/overhead/anchor-instrument.js')).toMatchObject({
      serverEmit: true,
      nestRouter: true,
    });
  });
});
