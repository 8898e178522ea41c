/**
 * Numeric sort keys for RFC 3339 timestamps: the instant in microseconds since the epoch.
 *
 * Upvest's timestamps are UTC in practice, but RFC 3339 allows offsets and any number of fraction
 * digits, so comparing strings would misorder "10:00:00.5Z" and "10:00:00.25Z" or "11:00+01:00" and
 * "10:30Z". Epoch milliseconds × 1000 + microseconds stays an exact integer in a float64 for every
 * date between the years 1685 and 2255, which covers anything an account group can carry.
 */

/** Key of a timestamp that cannot be read: it sorts before every valid one, and never throws. */
export const UNREADABLE_TIMESTAMP_KEY = Number.NEGATIVE_INFINITY;

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,32}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const MICROS_PER_MS = 1000;

/**
 * The instant of an RFC 3339 timestamp in whole microseconds (fraction digits beyond six are cut,
 * as Upvest and the sandbox do). Anything else gives {@link UNREADABLE_TIMESTAMP_KEY}.
 */
export function timestampKey(value: string): number {
  const match = RFC3339.exec(value);
  if (match === null) return UNREADABLE_TIMESTAMP_KEY;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offsetH, offsetM] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return UNREADABLE_TIMESTAMP_KEY;
  // Second 60 is RFC 3339's leap second; Date.UTC rolls it into the next minute, which is as close as
  // a POSIX clock gets.
  if (hour > 23 || minute > 59 || second > 60) return UNREADABLE_TIMESTAMP_KEY;
  let offsetMinutes = 0;
  if (zulu === undefined) {
    const oh = Number(offsetH);
    const om = Number(offsetM);
    if (oh > 23 || om > 59) return UNREADABLE_TIMESTAMP_KEY;
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const wholeMs = utcMs(year, month, day, hour, minute - offsetMinutes, second);
  const micros = fraction === undefined ? 0 : Number((fraction + '00000').slice(0, 6));
  return wholeMs * MICROS_PER_MS + micros;
}

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
