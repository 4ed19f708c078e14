const significant = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

export const MISSING = '—';

/** Probe values have no unit of their own: three significant digits read well for all of them. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(2);
  return significant.format(value);
}

export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? MISSING : `×${significant.format(ratio)}`;
}

export function formatPValue(pValue: number | null | undefined): string {
  if (pValue === null || pValue === undefined || !Number.isFinite(pValue)) return MISSING;
  return pValue < 0.001 ? '< 0.001' : pValue.toFixed(3);
}

/** 4.2 s, 95 s, 3 min 20 s. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return MISSING;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** Times are shown in UTC, on the page and on the charts alike, so the two agree for every reader. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return MISSING;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
