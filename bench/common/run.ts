import { UsageError } from '../../apps/cli/src/usage';
import { CleanUp } from './clean-up';
import { BenchProgress } from './progress';

export interface Run {
  readonly cleanUp: CleanUp;
  /** Aborted by Ctrl-C: the load stops first, then everything is stopped and removed. */
  readonly signal: AbortSignal;
  /** Each phase as it starts, and a live line while it runs; silent with --json. */
  readonly progress: BenchProgress;
}

export interface BenchProgram<O extends { json: boolean }, R> {
  readonly name: string;
  readonly usage: string;
  parse(args: string[]): O;
  bench(options: O, run: Run): Promise<R>;
  /** What to print, and the exit code: 0 whether the bars are met or not, 1 when the run measured nothing. */
  report(result: R, options: O): { text: string; code: number };
}

/**
 * A bench as a program: options (exit 2 on a usage error), progress on stderr unless --json, the
 * report on stdout, and everything it started stopped and removed on any exit or Ctrl-C (130).
 */
export function runBenchProgram<O extends { json: boolean }, R>(
  program: BenchProgram<O, R>,
  args = process.argv.slice(2),
): void {
  main(program, args).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `${program.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}

async function main<O extends { json: boolean }, R>(program: BenchProgram<O, R>, args: string[]): Promise<number> {
  let options: O;
  try {
    options = program.parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${program.usage}\n`);
    return 2;
  }
  const cleanUp = new CleanUp();
  const abort = new AbortController();
  // Ctrl-C also reaches the APIs and Postgres (same process group); they stop on their own, and
  // the clean-up then finds them gone, removes the temp dir, and we leave with 130.
  const interrupted = () => {
    abort.abort(new Error('interrupted'));
    // A signal handler cannot wait; the process exits when the clean-up settles, whatever its outcome.
    void cleanUp.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const progress = new BenchProgress(options.json ? undefined : process.stderr);
  try {
    const result = await program.bench(options, { cleanUp, signal: abort.signal, progress });
    const { text, code } = program.report(result, options);
    process.stdout.write(`${text}\n`);
    return code;
  } catch (error) {
    // Failures caused by Ctrl-C (aborted requests, a stopped API) are not worth reporting.
    if (abort.signal.aborted) return 130;
    throw error;
  } finally {
    await cleanUp.run();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}
