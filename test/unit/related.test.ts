// The engine's editorial rules and ordering, on small fake documents.
import { describe, expect, it } from 'vitest';
import { createRelatedIndex, type RelatedDoc, type RelatedOptions } from '../../src/related/index.js';
import { analyzeFields } from '../../src/text/analyze.js';

const OPTIONS: RelatedOptions = {
  count: 4,
  weights: { text: 1, tags: 0.1, section: 0.02, authors: 0.05, recency: 0.02 },
  minScore: 0,
  includeNewer: true,
  recencyHalfLifeDays: 30,
  maxDocShare: 0.5,
  weighting: 'bm25',
  excludeSections: [],
};

/** A document dated `day` January 2026 whose text is `text`; id and slug are both `slug`. */
function doc(slug: string, day: number, text = '', fields: Partial<RelatedDoc> = {}): RelatedDoc {
  return {
    id: slug,
    slug,
    section: 'news',
    tags: [],
    authors: [],
    epochMs: Date.UTC(2026, 0, day),
    terms: analyzeFields([{ text, weight: 1 }], 'en'),
    pins: [],
    exclude: [],
    ...fields,
  };
}

const related = (docs: RelatedDoc[], id: string, options: Partial<RelatedOptions> = {}) =>
  createRelatedIndex(docs, { ...OPTIONS, ...options }).related(id);

const FLOOD = 'flood water river shelter evacuation rain';
const FOOTBALL = 'football league match goal coach stadium';

describe('the related-stories engine', () => {
  it('ranks by shared words: the story about the same thing comes first', () => {
    const docs = [doc('a', 10, FLOOD), doc('b', 1, FLOOD), doc('c', 9, FOOTBALL), doc('d', 8, 'dengue mosquito clinic')];
    expect(related(docs, 'a')[0]).toBe('b');
  });

  it('puts pins first in their order, then scored stories, without repeats', () => {
    const docs = [doc('a', 10, FLOOD, { pins: ['d', 'c'] }), doc('b', 9, FLOOD), doc('c', 8, FOOTBALL), doc('d', 1, FOOTBALL)];
    expect(related(docs, 'a')).toEqual(['d', 'c', 'b']);
  });

  it('never lists the article itself, even when pinned, and respects the count', () => {
    const docs = ['a', 'b', 'c', 'd', 'e', 'f'].map((s, i) => doc(s, i + 1, FLOOD, s === 'a' ? { pins: ['a'] } : {}));
    const block = related(docs, 'a', { count: 3 });
    expect(block).toHaveLength(3);
    expect(block).not.toContain('a');
    expect(new Set(block).size).toBe(3);
  });

  it('fills the block from the same section, then the newest, when nothing matches', () => {
    const docs = [
      doc('a', 10, 'alpha', { section: 'sport' }),
      doc('b', 9, 'beta', { section: 'news' }),
      doc('c', 8, 'gamma', { section: 'sport' }),
      doc('d', 11, 'delta', { section: 'news' }),
    ];
    expect(related(docs, 'a')).toEqual(['c', 'd', 'b']);
  });

  it('does not backfill when a minimum score is set', () => {
    const docs = [doc('a', 10, FLOOD), doc('b', 9, FLOOD), doc('c', 8, 'unrelated words entirely')];
    expect(related(docs, 'a', { minScore: 0.2 })).toEqual(['b']);
  });

  it('never shows excluded stories or sections kept out by a rule', () => {
    const docs = [
      doc('a', 10, FLOOD, { exclude: ['b'] }),
      doc('b', 9, FLOOD),
      doc('c', 8, FLOOD, { section: 'opinion' }),
      doc('d', 7, FLOOD, { section: 'opinion' }),
      doc('e', 6, FLOOD),
    ];
    const block = related(docs, 'a', { excludeSections: [{ sections: ['opinion'], from: ['news'] }] });
    expect(block).toEqual(['e']);
    // The rule applies only on pages of the sections it names.
    const other = related(docs.map((d) => (d.id === 'a' ? { ...d, section: 'sport' } : d)), 'a', { excludeSections: [{ sections: ['opinion'], from: ['news'] }] });
    expect(other).toContain('c');
  });

  it('leaves out newer stories when includeNewer is off', () => {
    const docs = [doc('a', 10, FLOOD), doc('b', 20, FLOOD), doc('c', 5, FLOOD)];
    expect(related(docs, 'a', { includeNewer: false })).toEqual(['c']);
    expect(related(docs, 'a')).toContain('b');
  });

  it('breaks ties by date (newer first), then slug', () => {
    const docs = [doc('q', 30, 'solo'), doc('b', 5, 'x'), doc('a', 5, 'y'), doc('c', 9, 'z')];
    expect(related(docs, 'q', { weights: { text: 0, tags: 0, section: 0, authors: 0, recency: 0 } })).toEqual(['c', 'a', 'b']);
  });

  it('counts a shared rare tag for more than a shared common one', () => {
    const common = ['economy'];
    const docs = [
      doc('a', 10, 'x', { tags: ['economy', 'dengue'] }),
      doc('b', 9, 'y', { tags: common }),
      doc('c', 8, 'z', { tags: ['dengue'] }),
      ...['d', 'e', 'f'].map((s, i) => doc(s, i + 1, 'w', { tags: common })),
    ];
    expect(related(docs, 'a', { weights: { text: 0, tags: 1, section: 0, authors: 0, recency: 0 } })[0]).toBe('c');
  });

  it('scores exactly only the candidates whose partial text match plus metadata ranks best', () => {
    // b repeats a's words; c shares fewer of them but a rare tag, which outweighs the difference.
    const docs = [
      doc('a', 10, FLOOD, { tags: ['levee'] }),
      doc('b', 9, FLOOD),
      doc('c', 8, 'flood water river', { tags: ['levee'] }),
      ...['d', 'e', 'f', 'g'].map((s, i) => doc(s, i + 1, FOOTBALL)),
    ];
    const weights = { ...OPTIONS.weights, tags: 1 };
    const one = createRelatedIndex(docs, { ...OPTIONS, weights, retrieval: { scored: 1 } }).explain('a');
    expect(one[0]).toMatchObject({ id: 'c', reason: 'score' });
    // b is found again only by the backfill: it was never scored.
    expect(one.find((c) => c.id === 'b')!.reason).toBe('backfill-section');
    const all = createRelatedIndex(docs, { ...OPTIONS, weights }).explain('a');
    expect(all.slice(0, 2).map((c) => [c.id, c.reason])).toEqual([['c', 'score'], ['b', 'score']]);
  });

  it('explains each entry: reason and score parts that add up to the score', () => {
    const docs = [doc('a', 10, FLOOD, { pins: ['c'], tags: ['floods'] }), doc('b', 9, FLOOD, { tags: ['floods'] }), doc('c', 1, FOOTBALL)];
    const index = createRelatedIndex(docs, OPTIONS);
    const [pin, scored] = index.explain('a');
    expect(pin!.reason).toBe('pin');
    expect(scored!.reason).toBe('score');
    const w = OPTIONS.weights;
    const p = scored!.parts;
    expect(scored!.score).toBeCloseTo(w.text * p.text + w.tags * p.tags + w.section * p.section + w.authors * p.authors + w.recency * p.recency, 6);
    expect(p.section).toBe(1);
    expect(p.tags).toBeCloseTo(1, 6);
    expect(index.sharedTerms('a', 'b', 3).map((t) => t.hash)).toHaveLength(3);
    expect(index.sharedTags('a', 'b').map((t) => t.tag)).toEqual(['floods']);
  });

  it('gives the same blocks for the same documents in any input order', () => {
    const docs = Array.from({ length: 30 }, (_, i) => doc(`s${i}`, (i % 7) + 1, i % 2 ? FLOOD : FOOTBALL, { tags: [`t${i % 3}`] }));
    const a = createRelatedIndex(docs, OPTIONS);
    const b = createRelatedIndex([...docs].reverse(), OPTIONS);
    for (const d of docs) expect(b.related(d.id)).toEqual(a.related(d.id));
  });

  it('lists every article once in its processing order, and the order does not change a block', () => {
    const docs = Array.from({ length: 40 }, (_, i) => doc(`s${i}`, (i % 9) + 1, [FLOOD, FOOTBALL, 'dengue mosquito clinic fever'][i % 3]!));
    const index = createRelatedIndex(docs, OPTIONS);
    expect([...index.order].sort()).toEqual(docs.map((d) => d.id).sort());
    // Articles on one subject are next to each other, which is what keeps their data in cache.
    const subject = (id: string) => Number(id.slice(1)) % 3;
    const changes = index.order.filter((id, i) => i > 0 && subject(id) !== subject(index.order[i - 1]!)).length;
    expect(changes).toBeLessThanOrEqual(2);
    const inOrder = new Map(index.order.map((id) => [id, index.related(id)]));
    const fresh = createRelatedIndex(docs, OPTIONS);
    for (const d of docs) expect(fresh.related(d.id)).toEqual(inOrder.get(d.id));
  });

  it('gives the same block when asked twice, and explain agrees with it', () => {
    // The engine reuses scratch state between blocks; a second request must not see the first's.
    const docs = Array.from({ length: 12 }, (_, i) => doc(`s${i}`, i + 1, i % 2 ? FLOOD : FOOTBALL, { tags: [`t${i % 3}`] }));
    const index = createRelatedIndex(docs, OPTIONS);
    const first = docs.map((d) => index.related(d.id));
    expect(first.every((b) => b.length === 4)).toBe(true);
    expect(docs.map((d) => index.related(d.id))).toEqual(first);
    expect(docs.map((d) => (index.related(d.id), index.related(d.id)))).toEqual(first);
    expect(docs.map((d) => index.explain(d.id).map((c) => c.id))).toEqual(first);
  });
});
