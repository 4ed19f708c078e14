import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage';
import { CapturedOutput } from '../midi/testing';
import { catalogCommand, formatSummary } from './catalog.command';

// Mistakes in the command line are caught before any database is started.
describe('scale catalog', () => {
  it.each([
    [[], /missing catalog command/],
    [['seed'], /unknown catalog command "seed"/],
    [['generate', 'extra'], /unexpected argument "extra"/],
    [['generate', '--songs', '0'], /--songs needs a whole number/],
    [['generate', '--seed', '1.5'], /--seed needs a whole number/],
    [['generate', '--count', '5'], /Unknown option '--count'/],
  ])('refuses %j', async (args, message) => {
    const run = catalogCommand(args, new CapturedOutput());
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
  });

  it('summarizes a run in one line', () => {
    const line = formatSummary('scale-midi', 1, {
      generated: 10,
      inserted: 4,
      existing: 6,
      instrumentRows: 30,
      distinctInstrumentSets: 3,
      elapsedMs: 1234,
    });
    expect(line).toBe(
      'Wrote 4 of 10 generated songs (6 already there) into the catalog under scale-midi/synthetic/1/: 30 instrument rows, 3 distinct instrument sets, 1.2 s',
    );
  });
});
