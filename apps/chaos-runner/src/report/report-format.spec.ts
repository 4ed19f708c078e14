import { describe, expect, it } from 'vitest';
import { formatNumber, formatPValue, formatRatio, formatSeconds, formatTime } from './report-format';

describe('report formats', () => {
  it('shows numbers with three significant digits and a dash for nothing', () => {
    expect([
      formatNumber(0.045123),
      formatNumber(19.84),
      formatNumber(0),
      formatNumber(0.00004),
      formatNumber(null),
      formatNumber(Number.NaN),
    ]).toEqual(['0.0451', '19.8', '0', '4.00e-5', '—', '—']);
  });

  it('shows ratios, p-values, durations and UTC times as a person reads them', () => {
    expect([formatRatio(1.944), formatRatio(null)]).toEqual(['×1.94', '—']);
    expect([formatPValue(0.0004), formatPValue(0.6213), formatPValue(null)]).toEqual(['< 0.001', '0.621', '—']);
    expect([formatSeconds(4.23), formatSeconds(95.4), formatSeconds(200), formatSeconds(null)]).toEqual([
      '4.2 s',
      '95 s',
      '3 min 20 s',
      '—',
    ]);
    expect([formatTime('2026-05-04T10:00:30.120Z'), formatTime(null), formatTime('nonsense')]).toEqual([
      '2026-05-04 10:00:30 UTC',
      '—',
      '—',
    ]);
  });
});
