import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/* The parts of V8's .cpuprofile format (written by node --cpu-prof) read here. */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  /** Microseconds on the system's monotonic clock, the one process.hrtime reads. */
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  /** CPU ms spent in it (self time) during the window. */
  readonly ms: number;
  /** Share of the window's sampled time, idle excluded. */
  readonly share: number;
}

export interface ProfileWindow {
  readonly file: string;
  /** Busy (non-idle) CPU ms of the API's main thread in the window. */
  readonly busyMs: number;
  readonly byArea: readonly ProfileLine[];
  readonly byFunction: readonly ProfileLine[];
}

/**
 * The main thread's profile among those --cpu-prof wrote into `dir`: a worker thread (the API's span
 * export) writes one of its own. Node names them CPU.<date>.<time>.<pid>.<thread id>.<sequence>.
 */
export async function findProfile(dir: string): Promise<string | undefined> {
  const files = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.cpuprofile')).sort();
  const main = files.filter((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  const chosen = main.length > 0 ? main : files;
  return chosen.length > 0 ? join(dir, chosen[chosen.length - 1]) : undefined;
}

/** Where a function lives: a package, Node itself, a part of this repository, or a V8 pseudo-frame. */
function areaOf(url: string, functionName: string): string {
  // V8 names a compiled regular expression by its source: as an area, they are one.
  if (url === '') return functionName.startsWith('RegExp: ') ? '(regular expressions)' : functionName || '(anonymous)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (packageMatch) return packageMatch[1];
  if (url.startsWith('node:')) return 'node core';
  const ownMatch = /\/((?:apps|libs)\/[^/]+)\//.exec(url);
  return ownMatch ? ownMatch[1] : url;
}

function top(totals: Map<string, number>, busy: number, count: number): ProfileLine[] {
  return [...totals]
    .sort((a, z) => z[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / busy }));
}

/** A stretch of the bench's process.hrtime, in ns: one load phase. */
export interface ProfileSpan {
  readonly from: bigint;
  readonly to: bigint;
}

/**
 * Self time by area and by function for the samples inside `spans` (process.hrtime of the bench):
 * the profile spans the API's whole life, start-up and index load included, and only the load
 * phases' samples say where a request's time goes. `count` lines of each are kept, the largest.
 */
export async function summarizeProfile(
  file: string,
  spans: readonly ProfileSpan[],
  count = 15,
): Promise<ProfileWindow> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const windows = spans.map(({ from, to }) => [Number(from / 1000n), Number(to / 1000n)] as const);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    // A sample's delta is the time since the previous one: charged to this sample's frame.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (!windows.some(([from, to]) => at >= from && at <= to)) continue;
    const frame = frames.get(profile.samples[i]);
    if (!frame || frame.functionName === '(idle)') continue;
    busy += delta;
    const area = areaOf(frame.url, frame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + delta);
    const where =
      frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/(node_modules|apps|libs)\//, '$1/')}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  }
  return { file, busyMs: busy / 1000, byArea: top(byArea, busy, count), byFunction: top(byFunction, busy, count) };
}
