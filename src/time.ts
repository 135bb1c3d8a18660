// The one module that imports the date library (luxon). Times are read in the paper's IANA
// zone and shown in the newsroom style "5:05pm, Tuesday, March 20, 2018".
import { DateTime } from 'luxon';
import type { Stamp } from './model.js';

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** True when `zone` is an IANA time zone this Node knows. */
export function isTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** True when `tag` is a well-formed BCP 47 language tag (en, km, en-GB). */
export function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/**
 * Reads an ISO 8601 date or date-time. Without an offset it is wall time in `zone`.
 * Returns null for anything that is not a real calendar date and time.
 */
export function parseStamp(value: string, zone: string): Stamp | null {
  const trimmed = value.trim();
  if (!ISO_SHAPE.test(trimmed)) return null;
  const dt = DateTime.fromISO(trimmed.replace(' ', 'T'), { zone, setZone: false });
  if (!dt.isValid) return null;
  return toStamp(dt.setZone(zone));
}

/** The stamp of an instant in the paper's zone. */
export function stampOf(epochMs: number, zone: string): Stamp {
  return toStamp(DateTime.fromMillis(epochMs, { zone }));
}

function toStamp(dt: DateTime): Stamp {
  return { epochMs: dt.toMillis(), iso: dt.toISO({ suppressMilliseconds: true }) ?? '' };
}

/** "5:05pm, Tuesday, March 20, 2018" (English) or the locale's full date and short time. */
export function formatStamp(stamp: Stamp, zone: string, language: string): string {
  const dt = DateTime.fromMillis(stamp.epochMs, { zone });
  if (isEnglish(language)) {
    return `${dt.toFormat('h:mm', { locale: 'en-US' })}${dt.hour < 12 ? 'am' : 'pm'}, ${dt.toFormat('cccc, LLLL d, yyyy', { locale: 'en-US' })}`;
  }
  return dt.setLocale(language).toLocaleString({ ...DateTime.DATE_HUGE, hour: 'numeric', minute: '2-digit' });
}

/** "Sunday, November 29, 2026": the edition date on the front page. */
export function formatDay(epochMs: number, zone: string, language: string): string {
  const dt = DateTime.fromMillis(epochMs, { zone });
  if (isEnglish(language)) return dt.toFormat('cccc, LLLL d, yyyy', { locale: 'en-US' });
  return dt.setLocale(language).toLocaleString(DateTime.DATE_HUGE);
}

/** The start of the day after `epochMs` in `zone`: when the edition date changes. */
export function nextDayStart(epochMs: number, zone: string): number {
  return DateTime.fromMillis(epochMs, { zone }).plus({ days: 1 }).startOf('day').toMillis();
}

/** Calendar parts of a stamp in the paper's zone, for permalinks. */
export function calendarParts(stamp: Stamp, zone: string): { readonly year: string; readonly month: string; readonly day: string } {
  // Remembered per stamp: archive pages ask for every article's parts on every build, and an
  // unchanged article keeps its stamp object across the builds of a watch session.
  let byZone = calendarMemo.get(stamp);
  if (!byZone) calendarMemo.set(stamp, (byZone = new Map()));
  let parts = byZone.get(zone);
  if (!parts) {
    // One Intl formatter per zone: luxon's DateTime and three toFormat calls per stamp were a
    // tenth of a warm 10k-article build.
    let format = dayFormats.get(zone);
    if (!format) dayFormats.set(zone, (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' })));
    const got: Record<string, string> = {};
    for (const p of format.formatToParts(stamp.epochMs)) got[p.type] = p.value;
    parts = { year: got.year!.padStart(4, '0'), month: got.month!, day: got.day! };
    byZone.set(zone, parts);
  }
  return parts;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

const calendarMemo = new WeakMap<Stamp, Map<string, { readonly year: string; readonly month: string; readonly day: string }>>();

function isEnglish(language: string): boolean {
  return language === 'en' || language.startsWith('en-');
}
