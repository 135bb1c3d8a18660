// Related stories behind a small interface: a tiny document record in, ranked ids out.
// v1 scores shared tags, section, shared authors and closeness in date; the next engine
// replaces `scoreV1` without touching callers.
import type { Catalog, RelatedMap } from '../model.js';

export interface RelatedDoc {
  readonly id: string;
  readonly slug: string;
  readonly section: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly epochMs: number;
  /** Ids an editor pinned, in order (already resolved from slugs). */
  readonly pins: readonly string[];
}

export interface RelatedOptions {
  readonly count: number;
}

export type RelatedEngine = (docs: readonly RelatedDoc[], options: RelatedOptions) => RelatedMap;

const WEIGHTS = { tag: 3, author: 1.5, section: 1, closeness: 1 } as const;
const DAY_MS = 86_400_000;

/** The documents the engine sees: published articles only (drafts never appear in blocks). */
export function relatedDocs(catalog: Catalog): RelatedDoc[] {
  return catalog.chronology.map((id) => {
    const a = catalog.byId[id]!;
    const pins = a.related.map((slug) => catalog.bySlug[slug]).filter((x): x is string => x !== undefined && x !== id);
    return { id, slug: a.slug, section: a.section, tags: a.tags.map(norm), authors: a.authors.map(norm), epochMs: a.date.epochMs, pins };
  });
}

/** v1: pins first, then scored candidates from tag, author and section postings, then the newest. */
export const relateV1: RelatedEngine = (docs, options) => {
  const index = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const key of keysOf(d)) {
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    }
  });
  const newestFirst = docs.map((_, i) => i).sort((a, b) => tieBreak(docs[a]!, docs[b]!));
  const out: Record<string, string[]> = {};
  docs.forEach((doc, i) => {
    const picked: string[] = [];
    const seen = new Set<string>([doc.id]);
    const take = (id: string) => {
      if (picked.length < options.count && !seen.has(id)) {
        seen.add(id);
        picked.push(id);
      }
    };
    for (const pin of doc.pins) take(pin);
    const scores = new Map<number, number>();
    for (const key of keysOf(doc)) {
      for (const j of index.get(key) ?? []) if (j !== i) scores.set(j, (scores.get(j) ?? 0) + weightOf(key));
    }
    const ranked = [...scores.entries()]
      .map(([j, s]) => [j, s + WEIGHTS.closeness / (1 + Math.abs(docs[j]!.epochMs - doc.epochMs) / (30 * DAY_MS))] as const)
      .sort((a, b) => b[1] - a[1] || tieBreak(docs[a[0]]!, docs[b[0]]!));
    for (const [j] of ranked) take(docs[j]!.id);
    for (const j of newestFirst) {
      if (picked.length >= options.count) break;
      take(docs[j]!.id);
    }
    out[doc.id] = picked;
  });
  return out;
};

function keysOf(d: RelatedDoc): string[] {
  return [...d.tags.map((t) => `t:${t}`), ...d.authors.map((a) => `a:${a}`), `s:${d.section}`];
}

function weightOf(key: string): number {
  return key.startsWith('t:') ? WEIGHTS.tag : key.startsWith('a:') ? WEIGHTS.author : WEIGHTS.section;
}

/** Newer first, then slug: the one tie-break used everywhere. */
function tieBreak(a: RelatedDoc, b: RelatedDoc): number {
  return b.epochMs - a.epochMs || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

function norm(s: string): string {
  return s.trim().toLowerCase();
}
