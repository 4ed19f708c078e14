/** Where a progress line goes: a terminal (`isTTY`, `columns`) or anything else (a pipe, a log). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressLineOptions {
  /** Without a terminal, at most one plain line this often (default 10 s). */
  readonly plainEverySeconds?: number;
  readonly now?: () => number;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * One line of progress for long work: on a terminal it redraws in place at every update; anywhere
 * else (CI, a log file) it prints a plain line at most every `plainEverySeconds`, so logs show the
 * work moving without a line per tick.
 */
export class ProgressLine {
  private readonly plainEveryMs: number;
  private readonly now: () => number;
  private lastPlainAt = -Infinity;
  private shown = false;

  constructor(
    private readonly out: ProgressStream,
    options: ProgressLineOptions = {},
  ) {
    this.plainEveryMs = (options.plainEverySeconds ?? 10) * 1000;
    this.now = options.now ?? Date.now;
  }

  get interactive(): boolean {
    return this.out.isTTY === true;
  }

  update(text: string): void {
    if (this.interactive) {
      // One character short of the width: a full line would wrap on some terminals and break the redraw.
      // A pseudo-terminal may say 0 columns: that is not known either.
      const width = Math.max(20, (this.out.columns || 120) - 1);
      this.out.write(`${CLEAR_LINE}${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      this.shown = true;
      return;
    }
    const now = this.now();
    if (now - this.lastPlainAt < this.plainEveryMs) return;
    this.lastPlainAt = now;
    this.out.write(`${text}\n`);
  }

  /** Ends this stretch of work: the live line is cleared, and the next plain line prints at once. */
  end(): void {
    if (this.shown) this.out.write(CLEAR_LINE);
    this.shown = false;
    this.lastPlainAt = -Infinity;
  }
}
