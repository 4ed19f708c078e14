import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time (OpenAPI's `format: date-time`) as epoch milliseconds, or null when the text is
 * not one. Exactly the format the documents promise: a full date, a time and an offset; lower-case `t`
 * and `z` and a leap second (`:60`, read as the next second) are RFC 3339 too, though Date.parse refuses
 * the last.
 */
export function parseDateTime(text: string): number | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [offsetSign, offsetHours, offsetMinutes] = [match[9], Number(match[10] ?? 0), Number(match[11] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return null;
  const fraction = match[7] ? Math.trunc(Number(`0${match[7]}`) * 1000) : 0;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, Math.min(second, 59), fraction);
  const offset = offsetSign ? (offsetSign === '-' ? 1 : -1) * (offsetHours * 60 + offsetMinutes) * 60_000 : 0;
  return utc.getTime() + (second === 60 ? 1000 : 0) + offset;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS[month - 1];
}

/**
 * A query parameter of `format: date-time`: validated as RFC 3339 and handed on in one canonical form
 * (UTC, `Z`, milliseconds), so what reads it never meets `t`, `z`, offsets or leap seconds.
 */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  const normalize = Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const ms = parseDateTime(value);
    return ms === null ? value : new Date(ms).toISOString();
  });
  const validate = ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseDateTime(value) !== null,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an RFC 3339 date-time, such as 2026-01-05T00:00:00Z`,
      },
    },
    options,
  );
  return (target, key) => {
    normalize(target, key);
    validate(target, key);
  };
}
