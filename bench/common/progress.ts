import { ProgressLine, type ProgressStream } from '../../apps/cli/src/progress/progress-line';

/** How often a terminal's live line is redrawn. */
const REDRAW_MS = 1_000;
/** Without a terminal: a plain line this often, the first one this far into a phase (a short phase prints none). */
const PLAIN_EVERY_SECONDS = 10;

/**
 * A bench's progress on stderr, silent with --json: a line that stays as each phase starts, and,
 * while a phase runs, the CLI's progress line (`scale demo`, `catalog generate`) showing where it
 * stands: redrawn in place every second on a terminal, a plain line every 10 s in a log.
 */
export class BenchProgress {
  private readonly line: ProgressLine | undefined;

  constructor(private readonly out: ProgressStream | undefined) {
    this.line = out && new ProgressLine(out, { plainEverySeconds: PLAIN_EVERY_SECONDS });
  }

  /** A line that stays; a live line is cleared first. */
  say(text: string): void {
    this.line?.end();
    this.out?.write(`${text}\n`);
  }

  /**
   * A live line for a synchronous loop, where no timer can fire: call `show` as often as is cheap (it
   * draws at most once a second), and `end` when the loop is done.
   */
  phase(status: () => string): LivePhase {
    return new LivePhase(this.line, status);
  }

  /** `work`, while the live line shows `status()` every second; cleared when the work settles. */
  async during<T>(status: () => string, work: Promise<T>): Promise<T> {
    const phase = this.phase(status);
    phase.show();
    const timer = setInterval(() => phase.show(), REDRAW_MS);
    try {
      return await work;
    } finally {
      clearInterval(timer);
      phase.end();
    }
  }
}

export class LivePhase {
  private readonly started = performance.now();
  private shownAt = -Infinity;

  constructor(
    private readonly line: ProgressLine | undefined,
    private readonly status: () => string,
  ) {}

  show(): void {
    if (!this.line) return;
    const now = performance.now();
    if (now - this.shownAt < REDRAW_MS) return;
    if (!this.line.interactive && now - this.started < PLAIN_EVERY_SECONDS * 1000) return;
    this.shownAt = now;
    this.line.update(`  ${this.status()}`);
  }

  end(): void {
    this.line?.end();
  }
}

/** Whole seconds since `started`, a performance.now(): `12 s`. */
export function elapsed(started: number): string {
  return seconds(Math.floor((performance.now() - started) / 1000));
}

/** `12 s / 20 s`: how far into a phase of planned length. */
export function clock(started: number, plannedSeconds: number): string {
  return `${elapsed(started)} / ${seconds(plannedSeconds)}`;
}

function seconds(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}

/** 178,561 */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** The rate of a growing count since the previous reading: what a phase does now, not its average so far. */
export class CurrentRate {
  private at = performance.now();
  private last = 0;

  /** Per second since the previous call (since construction for the first). */
  of(total: number): number {
    const now = performance.now();
    const rate = now > this.at ? ((total - this.last) * 1000) / (now - this.at) : 0;
    this.at = now;
    this.last = total;
    return rate;
  }
}

/**
 * A load phase of a planned length, `run` given the callback to call as each request ends; its live
 * line: `measured 12 s / 20 s · 11,950 requests · 998 req/s`.
 */
export function duringLoad<T>(
  progress: BenchProgress,
  label: string,
  plannedSeconds: number,
  run: (onDone: () => void) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const rate = new CurrentRate();
  let done = 0;
  return progress.during(
    () =>
      `${label} ${clock(started, plannedSeconds)} · ${count(done)} requests · ${count(Math.round(rate.of(done)))} req/s`,
    run(() => done++),
  );
}

/** Work on a known number of things, `done` counting them; its live line: `1,200 / 3,000 files · 410 files/s · 3 s`. */
export function duringCount<T>(
  progress: BenchProgress,
  total: number,
  unit: string,
  done: () => number,
  work: Promise<T>,
): Promise<T> {
  const started = performance.now();
  const rate = new CurrentRate();
  return progress.during(() => {
    const now = done();
    return `${count(now)} / ${count(total)} ${unit} · ${count(Math.round(rate.of(now)))} ${unit}/s · ${elapsed(started)}`;
  }, work);
}
