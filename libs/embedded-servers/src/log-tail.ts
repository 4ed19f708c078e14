/**
 * Splits a server's output into lines, passes each to a listener and keeps the last few, so a failed start can
 * say why without the server's chatter ever reaching the CLI's stdout.
 */
export class LogTail {
  private readonly lines: string[] = [];

  constructor(
    private readonly listener: (line: string) => void = () => undefined,
    private readonly keep = 30,
  ) {}

  /** Takes a chunk of output, which may hold several lines or end mid-line. */
  readonly push = (chunk: string): void => {
    for (const line of chunk.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > this.keep) this.lines.shift();
      this.listener(line);
    }
  };

  text(): string {
    return this.lines.join('\n');
  }

  /** The kept lines, indented, for the end of an error message; empty when nothing was logged. */
  describe(): string {
    return this.lines.length === 0 ? '' : `\nlast log lines:\n  ${this.lines.join('\n  ')}`;
  }
}
