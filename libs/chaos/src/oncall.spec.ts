import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isNoisy, isoWeek, mtbfSeconds, mttrSeconds, SEVERITY_TO_SEV, sevOf } from './oncall';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 12, minute));
const incident = (from: number, to: number | null) => ({ startsAt: at(from), endsAt: to === null ? null : at(to) });

describe('SEV levels', () => {
  it('maps severities to SEV levels, unknown ones to SEV4', () => {
    expect(SEVERITY_TO_SEV).toEqual({ critical: 'SEV1', high: 'SEV2', warning: 'SEV3', info: 'SEV4' });
    expect(sevOf('high')).toBe('SEV2');
    expect(sevOf('page')).toBe('SEV4');
    expect(sevOf('toString')).toBe('SEV4');
    expect(sevOf(undefined)).toBe('SEV4');
  });
});

describe('mttrSeconds', () => {
  it('averages the resolved incidents only', () => {
    expect(mttrSeconds([incident(0, 2), incident(10, 14), incident(20, null)])).toBe(180);
    expect(mttrSeconds([incident(0, null)])).toBeNull();
    expect(mttrSeconds([])).toBeNull();
  });
});

describe('mtbfSeconds', () => {
  it('averages the time from each resolution to the next start', () => {
    expect(mtbfSeconds([incident(30, 31), incident(0, 10), incident(15, 20)])).toBe(((15 - 10 + (30 - 20)) / 2) * 60);
  });

  it('treats overlapping incidents as one outage', () => {
    expect(mtbfSeconds([incident(0, 10), incident(5, 12), incident(20, 21)])).toBe(8 * 60);
    expect(mtbfSeconds([incident(0, 10), incident(5, 12)])).toBeNull();
  });

  it('has nothing to measure after an unresolved incident', () => {
    expect(mtbfSeconds([incident(0, null), incident(5, 6)])).toBeNull();
    expect(mtbfSeconds([incident(0, 1), incident(5, null)])).toBe(4 * 60);
  });

  it('lies between 0 and the time from the first start to the last', () => {
    const spans = fc.array(
      fc
        .tuple(fc.integer({ min: 0, max: 1000 }), fc.option(fc.integer({ min: 0, max: 100 })))
        .map(([from, length]) => incident(from, length === null ? null : from + length)),
    );
    fc.assert(
      fc.property(spans, (incidents) => {
        const mtbf = mtbfSeconds(incidents);
        if (mtbf === null) return;
        const starts = incidents.map((span) => span.startsAt.getTime() / 1000);
        expect(mtbf).toBeGreaterThanOrEqual(0);
        expect(mtbf).toBeLessThanOrEqual(Math.max(...starts) - Math.min(...starts));
      }),
    );
  });
});

describe('isNoisy', () => {
  const options = { noiseSeconds: 300, explained: [{ from: at(30), to: at(40) }] };

  it('flags a short alert that resolved by itself with nothing behind it', () => {
    expect(isNoisy(incident(0, 5), options)).toBe(true);
  });

  it('spares a long alert, one still firing, and one an experiment explains', () => {
    expect(isNoisy(incident(0, 6), options)).toBe(false);
    expect(isNoisy(incident(0, null), options)).toBe(false);
    expect(isNoisy(incident(28, 30), options)).toBe(false);
    expect(isNoisy(incident(40, 42), options)).toBe(false);
    expect(isNoisy(incident(41, 42), options)).toBe(true);
  });
});

describe('isoWeek', () => {
  it('follows ISO 8601 across year boundaries', () => {
    // Expected values from Python's date.isocalendar().
    const known: Array<[string, string]> = [
      ['2026-11-25', '2026-W48'],
      ['2021-01-03', '2020-W53'],
      ['2024-12-30', '2025-W01'],
      ['2020-12-31', '2020-W53'],
      ['2026-01-01', '2026-W01'],
      ['2027-01-03', '2026-W53'],
      ['2016-01-04', '2016-W01'],
    ];
    for (const [day, week] of known) expect(isoWeek(new Date(`${day}T23:59:59Z`))).toBe(week);
  });

  it('gives every day of a Monday-to-Sunday week the same week', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-03T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        (date) => {
          const monday = new Date(
            Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - ((date.getUTCDay() + 6) % 7)),
          );
          const sunday = new Date(monday.getTime() + 6 * 86_400_000 + 86_399_999);
          expect(isoWeek(date)).toBe(isoWeek(monday));
          expect(isoWeek(sunday)).toBe(isoWeek(monday));
          expect(isoWeek(new Date(sunday.getTime() + 1))).not.toBe(isoWeek(monday));
        },
      ),
    );
  });
});
