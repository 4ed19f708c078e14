import { readFileSync } from 'node:fs';
import { controllerPathIn } from '../cgroups/process-cgroup';
import { exitWithUsage, parseHogArguments } from './hog-arguments';

/** Allocated one piece at a time, so that a limit reached half-way shows as a partial hold, not a failed call. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const CGROUP_WAIT_MS = 5_000;
/** How often a hog holding its container at a share looks at the container's working set again. */
const HOLD_EVERY_MS = 250;
/**
 * How long after giving memory back it looks again: V8 frees a collected Buffer's memory on a
 * background thread, a little after `gc()` returns; looking sooner would give back twice.
 */
const GIVE_BACK_SETTLE_MS = 1_000;
const MEMORY_CONTROLLER = '/sys/fs/cgroup/memory';

const USAGE =
  'usage: memory-hog --id <id> (--bytes <integer ≥ 0> | --target <bytes> --cgroup <path>) --timeout <seconds>';

/**
 * A memory hog, run as a process of its own:
 * `node --expose-gc memory-hog.js --id <id> (--bytes <n> | --target <n>) --timeout <seconds> [--cgroup <path>]`.
 * With `--cgroup` it first waits until it is in that memory cgroup (the cluster moves it there just
 * after starting it; what it touched before would count against someone else). Then it allocates
 * outside the JavaScript heap and writes every page, so the kernel really backs and charges the
 * memory: `--bytes` once, or, with `--target`, as much as keeps the container's working set at that
 * many bytes, giving back what the replica itself comes to need (a replica growing past the limit
 * would be OOM-killed, one shrinking would let the container fall below the target). It ends at its
 * deadline, whatever happened to the cluster or the runner.
 */
function main(): void {
  const { timeoutSeconds, values } = parseHogArguments(USAGE, ['bytes', 'target', 'cgroup']);
  const bytes = Number(values.bytes ?? 0);
  const target = values.target === undefined ? undefined : Number(values.target);
  const holding = target !== undefined && values.cgroup !== undefined;
  if (
    !Number.isSafeInteger(bytes) ||
    bytes < 0 ||
    (target !== undefined && !(holding && Number.isSafeInteger(target) && target > 0))
  ) {
    exitWithUsage(USAGE);
  }
  const held: Buffer[] = [];
  // The timer holds the memory: while it is pending, what it refers to stays reachable.
  setTimeout(() => {
    held.length = 0;
    process.exit(0);
  }, timeoutSeconds * 1000);
  const allocate = (amount: number) => {
    for (let left = amount; left > 0; left -= CHUNK_BYTES) {
      held.push(Buffer.allocUnsafeSlow(Math.min(CHUNK_BYTES, left)).fill(0xa5));
    }
  };
  // The newest chunks first, as many as make up the excess (the last chunk of an allocation may be short).
  const giveBack = (excess: number) => {
    let freed = 0;
    while (freed < excess && held.length > 0) freed += (held.pop() as Buffer).length;
    // Buffers are freed by the collector: without it the memory given back would stay charged.
    (globalThis as { gc?: () => void }).gc?.();
  };
  const hold = (cgroup: string) => {
    const missing = (target as number) - workingSet(cgroup);
    if (missing > CHUNK_BYTES) allocate(missing);
    if (missing < -CHUNK_BYTES && held.length > 0) {
      giveBack(-missing);
      setTimeout(() => hold(cgroup), GIVE_BACK_SETTLE_MS);
      return;
    }
    setTimeout(() => hold(cgroup), HOLD_EVERY_MS);
  };
  const start = () => (holding ? hold(values.cgroup as string) : allocate(bytes));
  const cgroup = values.cgroup;
  if (cgroup === undefined) return start();
  const waitUntil = Date.now() + CGROUP_WAIT_MS;
  const inCgroup = () => {
    if (controllerPathIn(readFileSync('/proc/self/cgroup', 'utf8'), 'memory') === cgroup) return start();
    if (Date.now() > waitUntil) {
      process.stderr.write(`memory-hog: never moved into memory cgroup ${cgroup}\n`);
      process.exit(3);
    }
    setTimeout(inCgroup, 10);
  };
  inCgroup();
}

/** The container's working set as cAdvisor counts it: usage less inactive file pages. */
function workingSet(cgroup: string): number {
  const dir = `${MEMORY_CONTROLLER}${cgroup}`;
  const usage = Number(readFileSync(`${dir}/memory.usage_in_bytes`, 'utf8'));
  const inactive = /^total_inactive_file (\d+)$/m.exec(readFileSync(`${dir}/memory.stat`, 'utf8'))?.[1];
  return Math.max(0, usage - Number(inactive ?? 0));
}

main();
