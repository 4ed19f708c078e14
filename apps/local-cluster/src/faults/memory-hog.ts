import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** Allocated one piece at a time, so that a limit reached half-way shows as a partial hold, not a failed call. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const CGROUP_WAIT_MS = 5_000;

/**
 * A memory hog, run as a process of its own:
 * `node memory-hog.js --id <id> --bytes <n> --timeout <seconds> [--cgroup /scale-<cluster>/<replica>]`.
 * With `--cgroup` it first waits until it is in that memory cgroup (the cluster moves it there just
 * after starting it; what it touched before would count against someone else), then allocates the
 * bytes outside the JavaScript heap and writes every page of them, so the kernel really backs and
 * charges them, and holds them until its deadline, whatever happened to the cluster or the runner.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      id: { type: 'string' },
      bytes: { type: 'string' },
      timeout: { type: 'string' },
      cgroup: { type: 'string' },
    },
  });
  const bytes = Number(values.bytes);
  const timeoutSeconds = Number(values.timeout);
  if (!values.id || !Number.isSafeInteger(bytes) || bytes < 0 || !(timeoutSeconds > 0)) {
    process.stderr.write('usage: memory-hog --id <id> --bytes <integer ≥ 0> --timeout <seconds> [--cgroup <path>]\n');
    process.exit(2);
  }
  const held: Buffer[] = [];
  // The timer holds the memory: while it is pending, what it refers to stays reachable.
  setTimeout(() => {
    held.length = 0;
    process.exit(0);
  }, timeoutSeconds * 1000);
  const allocate = () => {
    for (let left = bytes; left > 0; left -= CHUNK_BYTES) {
      held.push(Buffer.allocUnsafeSlow(Math.min(CHUNK_BYTES, left)).fill(0xa5));
    }
  };
  const cgroup = values.cgroup;
  if (cgroup === undefined) return allocate();
  const waitUntil = Date.now() + CGROUP_WAIT_MS;
  const inCgroup = () => {
    if (memoryCgroupOfSelf() === cgroup) return allocate();
    if (Date.now() > waitUntil) {
      process.stderr.write(`memory-hog: never moved into memory cgroup ${cgroup}\n`);
      process.exit(3);
    }
    setTimeout(inCgroup, 10);
  };
  inCgroup();
}

function memoryCgroupOfSelf(): string | undefined {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes('memory')) return path;
  }
  return undefined;
}

main();
