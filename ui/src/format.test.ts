import { describe, expect, it } from 'vitest';
import {
  describeError,
  fileName,
  formatCompact,
  formatDateTime,
  formatDay,
  formatBucket,
  formatExact,
  formatPercent,
  formatPeriod,
  formatSpan,
  noneIn,
  safeFileName,
  sharePercent,
  timesNormal,
  sentence,
  withoutPath,
  localDay,
} from './format';

describe('numbers', () => {
  it('says a multiple of normal with a decimal below ten, as the engine does', () => {
    expect(timesNormal(1.3198)).toBe('1.3× normal');
    expect(timesNormal(9.96)).toBe('10× normal');
    expect(timesNormal(7.02)).toBe('7× normal');
    expect(timesNormal(1346.2)).toBe('1,346× normal');
  });

  it('formats exact figures with separators', () => {
    expect(formatExact(0)).toBe('0');
    expect(formatExact(1234567)).toBe('1,234,567');
    expect(formatExact(12.6)).toBe('13');
  });

  it('formats compact figures', () => {
    expect(formatCompact(7)).toBe('7');
    expect(formatCompact(1234)).toBe('1,234');
    expect(formatCompact(9999)).toBe('9,999');
    expect(formatCompact(12_345)).toBe('12.3k');
    expect(formatCompact(20_000)).toBe('20k');
    expect(formatCompact(123_456)).toBe('123k');
    expect(formatCompact(999_960)).toBe('1M');
    expect(formatCompact(1_234_567)).toBe('1.2M');
    expect(formatCompact(3_400_000_000)).toBe('3.4B');
    expect(formatCompact(-12_345)).toBe('-12.3k');
  });

  it('formats percentages', () => {
    expect(formatPercent(34.4)).toBe('34%');
    expect(formatPercent(-3.44)).toBe('3.4%');
    expect(formatPercent(9.96)).toBe('10%');
    expect(formatPercent(2)).toBe('2%');
    expect(formatPercent(1234)).toBe('1,234%');
  });

  it('never rounds a share to none or all, as the engine does', () => {
    expect(sharePercent(0.45)).toBe('45%');
    expect(sharePercent(0.004)).toBe('<1%');
    expect(sharePercent(0)).toBe('0%');
    expect(sharePercent(0.996)).toBe('>99%');
    expect(sharePercent(1)).toBe('100%');
  });
});

describe('dates', () => {
  it('formats days and periods without time zone drift', () => {
    expect(formatDay('2026-09-03')).toBe('Sep 3, 2026');
    expect(formatPeriod('2026-09-02', '2026-10-01')).toBe('Sep 2 – Oct 1, 2026');
    expect(formatPeriod('2025-12-20', '2026-01-03')).toBe('Dec 20, 2025 – Jan 3, 2026');
    expect(formatPeriod('2026-09-02', '2026-09-02')).toBe('Sep 2, 2026');
  });

  it('shows instants in the workspace time zone', () => {
    expect(formatDateTime('2026-09-03T14:05:00Z', 'America/Chicago')).toBe('Sep 3, 2026, 9:05 AM');
    expect(formatDateTime('2026-09-03T14:05:00Z', 'UTC')).toBe('Sep 3, 2026, 2:05 PM');
    expect(formatDateTime('not a date', 'UTC')).toBe('not a date');
    expect(formatDateTime('2026-09-03T14:05:00Z', 'Not/AZone')).toMatch(/^Sep 3, 2026/);
  });

  it('names an hour of the series by its local start, and a window by its instants', () => {
    const start = Date.parse('2026-09-02T12:00:00Z') / 1000;
    const hour = { date: '2026-09-02', local: '2026-09-02T07:00:00', start, end: start + 3600 };
    expect(formatBucket(hour)).toBe('Sep 2, 2026, 7 AM');
    expect(formatBucket({ ...hour, local: '2026-09-02T00:00:00' }, false)).toBe('Sep 2, 12 AM');
    expect(formatBucket({ ...hour, local: '2026-09-02T13:00:00' }, false)).toBe('Sep 2, 1 PM');
    expect(formatBucket({ ...hour, end: start + 86_400 })).toBe('Sep 2, 2026');
    const window = { from: '2026-09-01', to: '2026-09-02', tz: 'America/Chicago', start: start - 86_400, end: start };
    expect(formatSpan({ ...window, hours: 24 })).toBe('Sep 1, 2026, 7:00 AM – Sep 2, 2026, 7:00 AM');
    expect(formatSpan({ ...window, hours: null })).toBe('Sep 1 – Sep 2, 2026');
    expect(noneIn('the previous 24 hours')).toBe('none in the previous 24 hours');
    expect(noneIn('the day before')).toBe('none the day before');
  });
});

describe('text', () => {
  it('takes the file name of either kind of path', () => {
    expect(fileName('/home/cio/exports/tweets.jsonl')).toBe('tweets.jsonl');
    expect(fileName('C:\\Users\\cio\\tweets.jsonl.gz')).toBe('tweets.jsonl.gz');
    expect(fileName('plain.csv')).toBe('plain.csv');
  });

  it('turns engine messages into sentences', () => {
    expect(sentence('query column 12: a closing parenthesis is missing here')).toBe(
      'Query column 12: a closing parenthesis is missing here.',
    );
    expect(sentence('/tmp/x.zip: is a zip archive')).toBe('/tmp/x.zip: is a zip archive.');
    expect(sentence('Done!')).toBe('Done!');
  });

  it('drops the path an error message starts with', () => {
    expect(withoutPath('/d/b.zip: is a zip archive; unpack it', '/d/b.zip')).toBe('It is a zip archive; unpack it');
    expect(withoutPath('/d/b.jsonl: not a social-data file', '/d/b.jsonl')).toBe('not a social-data file');
    expect(withoutPath('/other: is a folder', '/d/b.zip')).toBe('/other: is a folder');
  });

  it('describes errors by code', () => {
    const d = describeError({ code: 'unsupported_file', message: '/tmp/a.zip: is a zip archive; unpack it' });
    expect(d.title).toBe('This file can’t be imported');
    expect(d.detail).toBe('/tmp/a.zip: is a zip archive; unpack it.');
  });

  it('proposes safe file names', () => {
    expect(safeFileName('SchoolMax')).toBe('SchoolMax');
    expect(safeFileName('../../etc/passwd')).toBe('etc passwd');
    expect(safeFileName('a/b:c*?')).toBe('a b c');
    expect(safeFileName('///')).toBe('Townhall');
  });
});

describe('localDay', () => {
  it('is the calendar day in the zone, not in UTC', () => {
    // 2026-09-02 03:00 UTC is still 1 September in Chicago.
    expect(localDay(Date.UTC(2026, 8, 2, 3) / 1000, 'America/Chicago')).toBe('2026-09-01');
    expect(localDay(Date.UTC(2026, 8, 2, 3) / 1000, 'UTC')).toBe('2026-09-02');
  });
});

describe('period presets', () => {
  it('counts the last days up to today in the workspace zone', async () => {
    const { lastDays } = await import('./format');
    // 03:00 UTC on 3 December is still 2 December in Chicago.
    const now = Date.parse('2026-12-03T03:00:00Z');
    expect(lastDays(7, 'America/Chicago', now)).toEqual(['2026-11-26', '2026-12-02']);
    expect(lastDays(1, 'UTC', now)).toEqual(['2026-12-03', '2026-12-03']);
    expect(lastDays(30, 'UTC', now)).toEqual(['2026-11-04', '2026-12-03']);
  });
});
