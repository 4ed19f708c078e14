import { describe, expect, it } from 'vitest';
import { parseDateTime } from './date-time';

describe('parseDateTime', () => {
  it('reads RFC 3339 date-times, offsets, fractions, lower case and leap seconds', () => {
    expect(parseDateTime('2026-01-05T10:00:00Z')).toBe(Date.parse('2026-01-05T10:00:00Z'));
    expect(parseDateTime('2026-01-05t10:00:00.25z')).toBe(Date.parse('2026-01-05T10:00:00.250Z'));
    expect(parseDateTime('2026-01-05T12:30:00+02:30')).toBe(Date.parse('2026-01-05T10:00:00Z'));
    expect(parseDateTime('2016-12-31T23:59:60Z')).toBe(Date.parse('2017-01-01T00:00:00Z'));
    expect(parseDateTime('0001-01-01T00:00:00Z')).toBe(Date.parse('0001-01-01T00:00:00Z'));
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBe(Date.parse('2024-02-29T00:00:00Z'));
  });

  it('refuses what is not one: no offset, a date alone, impossible days and times, empty', () => {
    for (const text of [
      '',
      '2026-01-05',
      '2026-01-05T10:00:00',
      '2026-01-05 10:00:00Z',
      '2026-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-01-05T24:00:00Z',
      '2026-01-05T10:60:00Z',
      '2026-01-05T10:00:00+24:00',
      ' 2026-01-05T10:00:00Z',
    ]) {
      expect(parseDateTime(text), text).toBeNull();
    }
  });
});
