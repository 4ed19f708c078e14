/**
 * The CPU hog's program, plain JavaScript for `node -e`, run in the target's container (or, for its
 * test, on this machine): `node -e "$CPU_BURNER_SOURCE" <cores> <loadPercent> <seconds>`. Each of
 * `cores` worker threads is busy `loadPercent` of every 100 ms; the process exits by itself after
 * `seconds`, whoever started it. The marker comment lets a stop request tell the hog from a process
 * that reused its PID.
 */
export const CPU_BURNER_SOURCE = `// scale-cpu-hog
const { Worker } = require('node:worker_threads');
const [cores, loadPercent, seconds] = process.argv.slice(1).map(Number);
const deadline = Date.now() + seconds * 1000;
const burn = \`
  const { workerData: { loadPercent, deadline } } = require('node:worker_threads');
  const tick = () => {
    const start = Date.now();
    if (start >= deadline) return;
    while (Date.now() - start < loadPercent) {}
    setTimeout(tick, Math.max(0, 100 - (Date.now() - start)));
  };
  tick();
\`;
for (let core = 0; core < cores; core++) new Worker(burn, { eval: true, workerData: { loadPercent, deadline } });
setTimeout(() => process.exit(0), Math.max(0, deadline - Date.now()));
`;

/** The marker the program's command line carries. */
export const CPU_BURNER_MARKER = 'scale-cpu-hog';

/**
 * A shell command that starts the burner detached from the exec session (no terminal, its output
 * discarded) and prints its PID.
 */
export function startBurnerCommand(cores: number, loadPercent: number, seconds: number): string[] {
  return [
    'sh',
    '-c',
    'node -e "$0" "$1" "$2" "$3" </dev/null >/dev/null 2>&1 & echo $!',
    CPU_BURNER_SOURCE,
    String(cores),
    String(loadPercent),
    String(seconds),
  ];
}

/** A shell command that kills the burner with PID `pid`, and nothing else that may have taken its PID since. */
export function stopBurnerCommand(pid: number): string[] {
  return [
    'sh',
    '-c',
    `if grep -q ${CPU_BURNER_MARKER} /proc/$0/cmdline 2>/dev/null; then kill -KILL $0; fi`,
    String(pid),
  ];
}
