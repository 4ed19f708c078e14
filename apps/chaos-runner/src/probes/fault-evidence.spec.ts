import { describe, expect, it } from 'vitest';
import { firstFailedScrape, firstScrapeOver } from './fault-evidence';

describe('firstScrapeOver', () => {
  const limit: Array<[number, number]> = [
    [10, 100],
    [11, 100],
    [12, 100],
    [13, 100],
  ];

  it('finds the first scrape after the injection over the share of the limit scraped with it', () => {
    const usage: Array<[number, number]> = [
      [10, 95],
      [11, 50],
      [12, 91],
      [13, 99],
    ];
    expect(firstScrapeOver(usage, limit, 11, 0.9)).toBe(12);
    // Read from an earlier injection, the earlier scrape already shows it.
    expect(firstScrapeOver(usage, limit, 10, 0.9)).toBe(10);
  });

  it('never shows it at exactly the share, without a limit scraped at the same time, or with no limit', () => {
    expect(firstScrapeOver([[11, 90]], limit, 11, 0.9)).toBeNull();
    expect(firstScrapeOver([[20, 99]], limit, 11, 0.9)).toBeNull();
    expect(firstScrapeOver([[11, 99]], [[11, 0]], 11, 0.9)).toBeNull();
    expect(firstScrapeOver(undefined, limit, 11, 0.9)).toBeNull();
  });
});

describe('firstFailedScrape', () => {
  const up: Array<[number, number]> = [
    [9, 1],
    [10, 0],
    [11, 0],
  ];

  it('finds the first failed scrape stamped at or after the injection', () => {
    expect(firstFailedScrape(up, 10)).toBe(10);
    expect(firstFailedScrape(up, 10.5)).toBe(11);
    expect(firstFailedScrape([[9, 1]], 9)).toBeNull();
  });

  it('counts a scrape under way at the injection, cut by the fault, as showing it at its end', () => {
    // Stamped at 10 (its start), failed 0.3 s later: the injection at 10.2 fell within it.
    expect(firstFailedScrape(up, 10.2, [[10, 0.3]])).toBeCloseTo(10.3, 9);
    // One that had ended before the injection failed for another reason: the next one shows the fault.
    expect(firstFailedScrape(up, 10.4, [[10, 0.3]])).toBe(11);
    // A successful scrape under way shows nothing, however long it took.
    expect(firstFailedScrape([[9, 1]], 9.5, [[9, 2]])).toBeNull();
  });
});
