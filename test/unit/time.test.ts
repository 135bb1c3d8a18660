import { describe, expect, it } from 'vitest';
import type { Stamp } from '../../src/model.js';
import { calendarParts, formatDay, formatStamp, isTimeZone, parseStamp, stampOf } from '../../src/time.js';

const PP = 'Asia/Phnom_Penh'; // UTC+7 all year

function stamp(value: string, zone = PP): Stamp {
  const s = parseStamp(value, zone);
  if (!s) throw new Error(`expected ${value} to parse`);
  return s;
}

describe('parseStamp', () => {
  it('reads a time without offset as wall time in the zone', () => {
    const s = stamp('2018-03-20T17:05:00');
    expect(s.iso).toBe('2018-03-20T17:05:00+07:00');
    expect(s.epochMs).toBe(Date.UTC(2018, 2, 20, 10, 5));
  });

  it('accepts a space instead of T and omitted seconds', () => {
    expect(stamp('2018-03-20 17:05').iso).toBe('2018-03-20T17:05:00+07:00');
  });

  it('keeps the instant of a time with an offset and shows it in the zone', () => {
    const utc = stamp('2018-03-20T10:05:00Z');
    expect(utc.epochMs).toBe(Date.UTC(2018, 2, 20, 10, 5));
    expect(utc.iso).toBe('2018-03-20T17:05:00+07:00');
    const paris = stamp('2018-03-20T23:30:00+01:00');
    expect(paris.epochMs).toBe(Date.UTC(2018, 2, 20, 22, 30));
    expect(paris.iso).toBe('2018-03-21T05:30:00+07:00');
  });

  it('reads a date alone as midnight in the zone', () => {
    const s = stamp('2018-03-20');
    expect(s.iso).toBe('2018-03-20T00:00:00+07:00');
    expect(s.epochMs).toBe(Date.UTC(2018, 2, 19, 17, 0));
  });

  it('uses the zone given, not the machine zone', () => {
    expect(stamp('2018-03-20T17:05:00', 'UTC').iso).toBe('2018-03-20T17:05:00Z');
  });

  it.each(['2026-02-30', '2026-13-01', '2026-03-20T25:00', '2026-03-20T12:60:00', '2025-02-29'])(
    'returns null for the impossible date %s',
    (value) => expect(parseStamp(value, PP)).toBeNull(),
  );

  it.each(['March 20, 2018', '20/03/2018', '2018-3-20', '2018-03-20T17', 'yesterday', ''])(
    'returns null for the non-ISO string %j',
    (value) => expect(parseStamp(value, PP)).toBeNull(),
  );

  it('accepts 29 February in a leap year', () => {
    expect(stamp('2024-02-29').iso).toBe('2024-02-29T00:00:00+07:00');
  });
});

describe('formatStamp', () => {
  it('uses the newsroom style in English', () => {
    expect(formatStamp(stamp('2018-03-20T17:05:00'), PP, 'en')).toBe('5:05pm, Tuesday, March 20, 2018');
  });

  it('shows 12:05am just after midnight', () => {
    expect(formatStamp(stamp('2018-03-20T00:05:00'), PP, 'en')).toBe('12:05am, Tuesday, March 20, 2018');
  });

  it('shows 12:30pm at noon-thirty', () => {
    expect(formatStamp(stamp('2018-03-20T12:30:00'), PP, 'en-GB')).toBe('12:30pm, Tuesday, March 20, 2018');
  });

  it('shows the time in the zone asked for', () => {
    expect(formatStamp(stamp('2018-03-20T17:05:00'), 'UTC', 'en')).toBe('10:05am, Tuesday, March 20, 2018');
  });

  it('uses the locale for other languages', () => {
    const fr = formatStamp(stamp('2018-03-20T17:05:00'), PP, 'fr');
    expect(fr).toContain('mars');
    expect(fr).toContain('17:05');
    expect(fr).not.toContain('pm');
  });
});

describe('formatDay', () => {
  it('gives the full edition date', () => {
    expect(formatDay(Date.UTC(2026, 10, 29, 12), PP, 'en')).toBe('Sunday, November 29, 2026');
  });

  it('uses the zone: 20:00 UTC is already the next day in Phnom Penh', () => {
    const ms = Date.UTC(2018, 2, 20, 20, 0);
    expect(formatDay(ms, PP, 'en')).toBe('Wednesday, March 21, 2018');
    expect(formatDay(ms, 'UTC', 'en')).toBe('Tuesday, March 20, 2018');
  });
});

describe('calendarParts', () => {
  it('gives zero-padded parts in the zone', () => {
    expect(calendarParts(stamp('2026-03-05T09:00:00'), PP)).toEqual({ year: '2026', month: '03', day: '05' });
  });

  it('uses the zone for an instant that is still the previous day (and year) in UTC', () => {
    const s = stamp('2026-01-01T02:00:00'); // 2025-12-31T19:00Z
    expect(new Date(s.epochMs).toISOString()).toBe('2025-12-31T19:00:00.000Z');
    expect(calendarParts(s, PP)).toEqual({ year: '2026', month: '01', day: '01' });
    expect(calendarParts(s, 'UTC')).toEqual({ year: '2025', month: '12', day: '31' });
  });
});

describe('stampOf and isTimeZone', () => {
  it('stampOf gives the ISO form in the zone', () => {
    expect(stampOf(Date.UTC(2018, 2, 20, 10, 5), PP)).toEqual({
      epochMs: Date.UTC(2018, 2, 20, 10, 5),
      iso: '2018-03-20T17:05:00+07:00',
    });
  });

  it('knows IANA zones only', () => {
    expect(isTimeZone('Asia/Phnom_Penh')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
