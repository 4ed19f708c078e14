import { describe, expect, it } from 'vitest';
import { ProgressLine, type ProgressStream } from './progress-line';

function stream(tty: { isTTY?: boolean; columns?: number } = {}): ProgressStream & { text: string } {
  return {
    ...tty,
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('ProgressLine', () => {
  it('redraws one line in place on a terminal, cut to its width, and clears it at the end', () => {
    const out = stream({ isTTY: true, columns: 30 });
    const line = new ProgressLine(out);
    line.update('running 5 s / 60 s');
    line.update('running 6 s / 60 s, with far more words than fit');
    line.end();
    expect(out.text).toBe('\r\x1b[2Krunning 5 s / 60 s' + '\r\x1b[2Krunning 6 s / 60 s, with far…' + '\r\x1b[2K');
  });

  it('prints a plain line at most every ten seconds without a terminal, and at once after an end', () => {
    let now = 0;
    const out = stream();
    const line = new ProgressLine(out, { now: () => now });
    for (const [at, text] of [
      [0, 'a'],
      [4_000, 'b'],
      [9_999, 'c'],
      [10_000, 'd'],
      [25_000, 'e'],
    ] as const) {
      now = at;
      line.update(text);
    }
    line.end();
    line.update('f');
    expect(out.text).toBe('a\nd\ne\nf\n');
  });
});
