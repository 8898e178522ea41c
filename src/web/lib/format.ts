/**
 * Formatting shared by the whole SPA. The UI is English, so numbers use en-US grouping ("2,500")
 * everywhere; dates are shown in UTC (what Upvest and tickets use) with local time alongside.
 */

const countFormat = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** "1–50 of 2,500"; "0 of 0" for an empty list. */
export function formatRange(offset: number, count: number, total: number): string {
  if (count === 0) return `0 of ${formatCount(total)}`;
  return `${formatCount(offset + 1)}–${formatCount(offset + count)} of ${formatCount(total)}`;
}

export const SHORT_ID_LENGTH = 8;

/** The first characters of an ID: enough to recognise a UUID in a ticket, full value on hover/focus. */
export function shortId(id: string): string {
  return id.length > SHORT_ID_LENGTH ? id.slice(0, SHORT_ID_LENGTH) : id;
}

export function parseDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2026-11-26 12:00:00 UTC", or the raw text when it is not a date. */
export function formatUtc(iso: string): string {
  const date = parseDate(iso);
  if (date === null) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const localFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'long',
});

/** The viewer's local time with its zone, e.g. "26 Nov 2026, 13:00:00 CET". */
export function formatLocal(iso: string): string {
  const date = parseDate(iso);
  return date === null ? iso : localFormat.format(date);
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

function plural(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** Compact relative time: "just now", "42 s ago", "5 min ago", "3 h ago", "2 days ago", "in 5 min". */
export function formatRelative(iso: string, now: number): string {
  const date = parseDate(iso);
  if (date === null) return iso;
  const seconds = Math.round((now - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  let text: string;
  if (abs < 5) return 'just now';
  if (abs < MINUTE) text = `${abs} s`;
  else if (abs < HOUR) text = `${Math.floor(abs / MINUTE)} min`;
  else if (abs < DAY) text = `${Math.floor(abs / HOUR)} h`;
  else if (abs < MONTH) text = plural(Math.floor(abs / DAY), 'day');
  else if (abs < YEAR) text = plural(Math.floor(abs / MONTH), 'month');
  else text = plural(Math.floor(abs / YEAR), 'year');
  return seconds >= 0 ? `${text} ago` : `in ${text}`;
}

/** Seconds elapsed since an ISO time, never negative (clocks of browser and server differ a little). */
export function secondsSince(iso: string, now: number): number | null {
  const date = parseDate(iso);
  if (date === null) return null;
  return Math.max(0, Math.floor((now - date.getTime()) / 1000));
}

/** "42 s ago", "3 min ago": the freshness of data, which is usually recent. */
export function formatAge(seconds: number): string {
  if (seconds < MINUTE) return `${seconds} s ago`;
  if (seconds < HOUR) return `${Math.floor(seconds / MINUTE)} min ago`;
  if (seconds < DAY) return `${Math.floor(seconds / HOUR)} h ago`;
  return plural(Math.floor(seconds / DAY), 'day') + ' ago';
}
