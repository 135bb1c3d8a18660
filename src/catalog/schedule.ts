// What changes next without anyone touching the content: embargoes lifting and expiries falling.
// A CI scheduler rebuilds at the first of these times.
import type { Article } from '../model.js';

export interface ScheduledEvent {
  readonly at: string;
  readonly event: 'publish' | 'expire';
  readonly slug: string;
  readonly title: string;
  readonly id: string;
}

/** Future events after `now`, soonest first (drafts are not scheduled: an editor must publish them). */
export function upcoming(articles: readonly Article[], now: number): ScheduledEvent[] {
  const out: (ScheduledEvent & { ms: number })[] = [];
  for (const a of articles) {
    if (a.draft) continue;
    if (a.date.epochMs > now) out.push({ ms: a.date.epochMs, at: a.date.iso, event: 'publish', slug: a.slug, title: a.title, id: a.id });
    if (a.expires && a.expires.epochMs > now) out.push({ ms: a.expires.epochMs, at: a.expires.iso, event: 'expire', slug: a.slug, title: a.title, id: a.id });
  }
  return out.sort((x, y) => x.ms - y.ms || (x.slug < y.slug ? -1 : 1)).map(({ ms: _ms, ...e }) => e);
}
