import { parseCommandLine, positiveInteger, positiveSeconds } from '../../apps/cli/src/options';
import { UsageError } from '../../apps/cli/src/usage';

const SONGS = 50_000;
// Many short rounds rather than a few long ones: on a shared machine what else runs changes over
// tens of seconds, and a round's configurations, 2 s each, then share the same conditions. Over 20
// rounds the anchor's loss stayed within 16–49% per round (29–64% over 5 rounds of 8 s); single rounds
// of the cheaper configurations still swing by tens of points, so a few-point bar wants --rounds 40.
const ROUNDS = 15;
const SECONDS = 2;
const WARM_UP_SECONDS = 5;
/** Every API a new process after this many rounds (overhead.bench.ts says why). */
const RESTART_EVERY = 10;
/** --quick: one short round, to see the bench work in well under a minute. */
const QUICK = { rounds: 1, seconds: 3, warmUpSeconds: 1 } as const;

export const OVERHEAD_USAGE = `Usage: npm run bench:overhead -- [--songs N] [--seed S] [--rounds R] [--seconds S] [--restart-every K] [--profile] [--quick] [--json]
  What the API's metrics, tracing and Sentry cost in throughput, part by part. Writes a generated
  catalog into an embedded Postgres and starts the API on it once per configuration: off (no
  instrumentation entry, no request metrics), metrics only, Sentry only, Scale's instrumentation with
  the sampler off, at 10% and at 100%, at 100% with nothing sent (unsent), and the upstream
  configuration Scale replaced (the anchor);
  spans go over OTLP http/protobuf, and Sentry envelopes, to a local sink. Each round loads each API
  in turn at saturation (closed loop, similar-songs requests), rotating the order; the medians, the
  throughput lost against off, the CPU each part adds and the bars are printed.
  --songs N    generated songs (default ${SONGS})
  --seed S     generator seed (default 1)
  --rounds R   rounds over the eight configurations (default ${ROUNDS})
  --seconds S  load per configuration and round, after a ${WARM_UP_SECONDS} s warm-up of each (default ${SECONDS})
  --restart-every K
               start every API again, as a new process warmed up anew, after each K rounds (default
               ${RESTART_EVERY}; 0: one process per configuration for the whole run, as --profile has)
  --profile    run every API with --cpu-prof (kept in a folder the report names) and print, for the
               rounds' load only, each area's CPU per request (self time) against off, and the
               functions that add the most
  --quick      ${QUICK.rounds} round of ${QUICK.seconds} s after ${QUICK.warmUpSeconds} s warm-ups: for trying the bench, not for figures
  --json       print one JSON line instead of the report`;

export interface OverheadOptions {
  readonly songs: number;
  readonly seed: number;
  readonly rounds: number;
  readonly seconds: number;
  readonly warmUpSeconds: number;
  /** Rounds between restarts of the APIs; 0 for none. */
  readonly restartEvery: number;
  readonly profile: boolean;
  readonly quick: boolean;
  readonly json: boolean;
}

/** --quick sets the defaults; --rounds or --seconds given beside it still win. */
export function parseOverheadOptions(args: string[]): OverheadOptions {
  const { values, positionals } = parseCommandLine(args, {
    songs: { type: 'string' },
    seed: { type: 'string' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    'restart-every': { type: 'string' },
    profile: { type: 'boolean' },
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const quick = values.quick ?? false;
  return {
    songs: positiveInteger('songs', values.songs, SONGS),
    seed: positiveInteger('seed', values.seed, 1),
    rounds: positiveInteger('rounds', values.rounds, quick ? QUICK.rounds : ROUNDS),
    seconds: positiveSeconds('seconds', values.seconds, quick ? QUICK.seconds : SECONDS),
    warmUpSeconds: quick ? QUICK.warmUpSeconds : WARM_UP_SECONDS,
    restartEvery: restartEvery(values['restart-every'], values.profile ?? false),
    profile: values.profile ?? false,
    quick,
    json: values.json ?? false,
  };
}

/** A profile is written when its process exits: --profile keeps one process per configuration. */
function restartEvery(text: string | undefined, profile: boolean): number {
  if (text === '0') return 0;
  if (profile && text !== undefined) {
    throw new UsageError('--profile keeps one API process per configuration: --restart-every can only be 0 with it');
  }
  return profile ? 0 : positiveInteger('restart-every', text, RESTART_EVERY);
}
