// Pure formatting of numbers, dates and errors for display (changes come worded by the engine).

import type { ErrorPayload, Period, Platform, SeriesPoint } from './backend/bindings';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The exact figure with thousands separators: 1234567 → "1,234,567". */
export function formatExact(n: number): string {
  return grouped.format(Math.round(n));
}

/** A compact figure for tiles: 1,234 / 12.3k / 123k / 1.2M / 3.4B. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs < 10_000) return formatExact(n);
  const sign = n < 0 ? '-' : '';
  const units: [number, string][] = [
    [1e3, 'k'],
    [1e6, 'M'],
    [1e9, 'B'],
  ];
  for (const [i, [size, suffix]] of units.entries()) {
    const scaled = abs / size;
    const text = scaled.toFixed(scaled < 99.95 ? 1 : 0);
    // 999,960 rounds to "1000k": move on to "1M".
    if (Number(text) < 1000 || i === units.length - 1) {
      return `${sign}${text.replace(/\.0$/, '')}${suffix}`;
    }
  }
  return formatExact(n);
}

/** A share (0 to 1) as a whole percentage, never "0%" for some nor "100%" for not all, as the
 * engine's `analytics::share_percent` words it: 0.004 → "<1%", 0.996 → ">99%". */
export function sharePercent(share: number): string {
  const rounded = Math.round(share * 100);
  if (rounded === 0 && share > 0) return '<1%';
  if (rounded === 100 && share < 1) return '>99%';
  return `${rounded}%`;
}

/** A percentage without sign: 3.44 → "3.4%", 34.4 → "34%", 1234 → "1,234%". */
export function formatPercent(pct: number): string {
  const abs = Math.abs(pct);
  const oneDecimal = abs.toFixed(1);
  if (Number(oneDecimal) < 10) return `${oneDecimal.replace(/\.0$/, '')}%`;
  return `${formatExact(abs)}%`;
}

/** "none in the previous 7 days", "none the day before": nothing in the period compared with. */
/** "1.3× normal" below ten, "346× normal" from ten on, as the engine's `analytics::times` words it. */
export function timesNormal(ratio: number): string {
  return ratio < 9.95 ? `${ratio.toFixed(1).replace(/\.0$/, '')}× normal` : `${formatExact(Math.round(ratio))}× normal`;
}

export function noneIn(before: string): string {
  return before.startsWith('the previous') ? `none in ${before}` : `none ${before}`;
}

function parseDay(day: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** "2026-09-03" → "Sep 3, 2026" (calendar day, no time zone involved). */
export function formatDay(day: string, withYear = true): string {
  const p = parseDay(day);
  if (!p) return day;
  const base = `${MONTHS[p.m - 1] ?? '?'} ${p.d}`;
  return withYear ? `${base}, ${p.y}` : base;
}

/** Whether a series' point is an hour (a local day is never shorter than 23 hours). */
export function isHour(p: Pick<SeriesPoint, 'start' | 'end'>): boolean {
  return p.end - p.start <= 3600;
}

/** A point of the series: "Sep 2, 2026" for a day, "Sep 2, 2026, 7 AM" for an hour (its local
 * start, as the engine gives it). */
export function formatBucket(p: Pick<SeriesPoint, 'date' | 'local' | 'start' | 'end'>, withYear = true): string {
  const day = formatDay(p.date, withYear);
  if (!isHour(p)) return day;
  const hour = Number(/T(\d{2})/.exec(p.local)?.[1] ?? 0);
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return `${day}, ${twelve} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** A period's dates, or a window of hours with its first and end instants in its zone. */
export function formatSpan(p: Pick<Period, 'from' | 'to' | 'hours' | 'start' | 'end' | 'tz'>): string {
  if (p.hours === null) return formatPeriod(p.from, p.to);
  return `${formatDateTime(unixToIso(p.start), p.tz)} – ${formatDateTime(unixToIso(p.end), p.tz)}`;
}

/** "Sep 2 – Oct 1, 2026", or with both years when they differ. */
export function formatPeriod(from: string, to: string): string {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a || !b) return `${from} – ${to}`;
  if (from === to) return formatDay(from);
  return a.y === b.y ? `${formatDay(from, false)} – ${formatDay(to)}` : `${formatDay(from)} – ${formatDay(to)}`;
}

/** An RFC 3339 instant in the workspace's time zone: "Sep 3, 2026, 7:41 AM". */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...opts, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-US', opts).format(date); // unknown zone name
  }
}

/** Unix seconds as an RFC 3339 string. */
export function unixToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** The last component of a path, for either separator. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? path;
}

/** "1 post" / "2 posts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatExact(n)} ${n === 1 ? one : many}`;
}

const PLATFORMS: Record<Platform, string> = {
  twitter: 'X (Twitter)',
  facebook: 'Facebook',
  reddit: 'Reddit',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  news: 'News',
  other: 'Other',
};

/** Every platform with its label, in the order the pickers list them. */
export function platforms(): [Platform, string][] {
  return Object.entries(PLATFORMS) as [Platform, string][];
}

export function platformLabel(p: Platform | string): string {
  return (PLATFORMS as Record<string, string>)[p] ?? p;
}

const ERROR_TITLES: Record<ErrorPayload['code'], string> = {
  not_found: 'Not found',
  invalid_input: 'Please check the input',
  unsupported_file: 'This file can’t be imported',
  newer_database: 'This workspace needs a newer Townhall',
  io: 'A file could not be read or written',
  cancelled: 'Cancelled',
  corrupt_file: 'This file is damaged',
  disk_full: 'The disk is full',
  read_only: 'The workspace can’t be written',
  busy: 'The workspace is busy',
  internal: 'Something went wrong inside Townhall',
};

/** An engine message as a sentence: first letter up (unless it is a path), full stop at the end. */
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return '';
  const first = text.charAt(0);
  const capital = /[a-z]/.test(first) ? first.toUpperCase() + text.slice(1) : text;
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/** An engine message about `path` without the path it starts with: "It is a zip archive…". */
export function withoutPath(message: string, path: string): string {
  const prefix = `${path}: `;
  if (!path || !message.startsWith(prefix)) return message;
  const rest = message.slice(prefix.length);
  return rest.startsWith('is ') ? `It ${rest}` : rest;
}

/** A readable title and sentence for an error from the backend. */
export function describeError(e: ErrorPayload): { title: string; detail: string } {
  const title = ERROR_TITLES[e.code] ?? ERROR_TITLES.internal;
  return { title, detail: sentence(e.message) };
}

/** A file name safe to propose in a save dialog. */
export function safeFileName(name: string): string {
  const cleaned = name
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.replace(/^[.\s]+|[.\s]+$/g, '') || 'Townhall';
}

/** The calendar day (`YYYY-MM-DD`) of a unix time in a time zone. Built from the parts, since
 * engines differ in how a locale writes a date. */
/** The last `days` days up to today in `timeZone`, as `[from, to]` (`YYYY-MM-DD`). */
export function lastDays(days: number, timeZone: string, now = Date.now()): [string, string] {
  const to = localDay(Math.floor(now / 1000), timeZone);
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - (days - 1));
  return [from.toISOString().slice(0, 10), to];
}

export function localDay(unix: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(unix * 1000))
    .reduce<Record<string, string>>((acc, p) => {
      acc[p.type] = p.value;
      return acc;
    }, {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}
