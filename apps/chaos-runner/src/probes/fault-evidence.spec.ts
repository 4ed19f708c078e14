import { describe, expect, it } from 'vitest';
import { firstScrapeOver } from './fault-evidence';

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
