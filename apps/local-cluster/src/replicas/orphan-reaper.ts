import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { terminate } from '@scale/embedded-servers';

/**
 * A tiny process that stops the replicas when the cluster dies without stopping them (SIGKILL, a
 * crash). Replicas run in process groups of their own, so that Ctrl-C reaches the cluster alone and
 * it can stop them in order; nothing else would end them. It learns the live pids from "+pid" and
 * "-pid" lines, and sees the cluster's death as the end of its stdin.
 */
const REAPER_SCRIPT = `
'use strict';
const graceMs = Number(process.argv[1]);
const cgroupDirs = process.argv.slice(2).filter(Boolean);
const pids = new Set();
let pending = '';
const send = (signal) => { for (const pid of pids) { try { process.kill(pid, signal); } catch {} } };
let reaping = false;
const parentGone = () => {
  if (reaping) return;
  reaping = true;
  // A frozen replica would hold its SIGTERM until it is continued.
  send('SIGCONT');
  send('SIGTERM');
  setTimeout(() => {
    send('SIGKILL');
    // Best effort: a cgroup still holding a CPU hog stays until the hog's own timeout.
    setTimeout(() => {
      for (const cgroupDir of cgroupDirs) {
        const fs = require('node:fs');
        const path = require('node:path');
        let children = [];
        try { children = fs.readdirSync(cgroupDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()); } catch {}
        for (const child of children) { try { fs.rmdirSync(path.join(cgroupDir, child.name)); } catch {} }
        try { fs.rmdirSync(cgroupDir); } catch {}
      }
      process.exit(0);
    }, 200);
  }, graceMs);
};
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf('\\n'); end >= 0; end = pending.indexOf('\\n')) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (line[0] === '+') pids.add(pid);
    else if (line[0] === '-') pids.delete(pid);
  }
});
process.stdin.on('end', parentGone);
process.stdin.on('close', parentGone);
process.stdin.on('error', parentGone);
`;

export interface OrphanReaper {
  track(pid: number): void;
  untrack(pid: number): void;
  /** Ends the reaper without it touching anything (the cluster stopped its replicas itself). */
  stop(): Promise<void>;
}

/** `cgroupDirs`: the cluster's cgroup directories (one per controller), removed once its replicas are gone. */
export function startOrphanReaper(
  graceMs: number,
  nodePath = process.execPath,
  cgroupDirs: ReadonlyArray<string | undefined> = [],
): OrphanReaper {
  const dirs = cgroupDirs.filter((dir): dir is string => dir !== undefined && dir !== '');
  const child = spawn(nodePath, ['-e', REAPER_SCRIPT, String(graceMs), ...dirs], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '' },
    // Like the replicas, out of the terminal's process group: a Ctrl-C meant for the cluster must not end it first.
    detached: true,
  });
  // It must not keep the cluster's event loop alive.
  child.unref();
  child.stdin?.on('error', () => undefined);
  if (child.stdin instanceof Socket) child.stdin.unref();
  const write = (line: string) => {
    if (child.stdin?.writable) child.stdin.write(`${line}\n`);
  };
  return {
    track: (pid) => write(`+${pid}`),
    untrack: (pid) => write(`-${pid}`),
    // SIGTERM ends it before it reads the end of its input, so it signals nothing.
    stop: () => terminate(child),
  };
}
