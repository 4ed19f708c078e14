import { Socket } from 'node:net';
import { hasExited, spawnNodeScript, terminate } from './node-child';

/**
 * A tiny Node process that sends `signal` to `pid` once our process is gone. Postgres does not notice when the
 * process that started it dies: after a SIGKILL of the caller it keeps running (re-parented to init), holds
 * the data directory's lock and so blocks every later start. The guard sees our death as the end of its stdin.
 * It polls the target and leaves as soon as it has exited, so it never signals a process that reused the pid.
 */
const GUARD_SCRIPT = `
'use strict';
const pid = Number(process.argv[1]);
const signal = process.argv[2];
const alive = () => {
  try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; }
};
const parentGone = () => {
  if (alive()) { try { process.kill(pid, signal); } catch {} }
  process.exit(0);
};
process.stdin.on('end', parentGone);
process.stdin.on('close', parentGone);
process.stdin.on('error', parentGone);
process.stdin.resume();
setInterval(() => { if (!alive()) process.exit(0); }, 1000);
`;

export interface OrphanGuard {
  /** Ends the guard without signalling the target (for when the target was stopped the normal way). */
  stop(): Promise<void>;
}

export function guardAgainstOrphan(pid: number, signal: NodeJS.Signals = 'SIGINT'): OrphanGuard {
  const child = spawnNodeScript(GUARD_SCRIPT, [String(pid), signal], 'ignore');
  // The guard must not keep the caller's event loop alive: the server it watches already does while it runs.
  child.unref();
  child.stdin?.on('error', () => undefined);
  if (child.stdin instanceof Socket) child.stdin.unref();
  return {
    async stop() {
      if (hasExited(child)) return;
      // SIGTERM kills the guard before it reads end-of-input, so the target is left alone.
      await terminate(child);
    },
  };
}
