// `build-paper related <slug> [--explain] [--json]`: a block with each story's score broken
// into parts, as plain data (for --json) or as text for an editor.
import type { Catalog, RelatedConfig } from '../model.js';
import type { RelatedIndex } from './engine.js';

export interface ExplainedStory {
  readonly rank: number;
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly date: string;
  readonly section: string;
  readonly reason: 'pin' | 'score' | 'backfill-section' | 'backfill-newest';
  readonly score: number;
  /** Each part's raw value in [0, 1] and its weighted contribution. */
  readonly parts: Readonly<Record<'text' | 'tags' | 'section' | 'authors' | 'recency', { value: number; weight: number; contribution: number }>>;
  readonly terms: readonly { term: string; weight: number }[];
  readonly tags: readonly { tag: string; weight: number }[];
}

export interface Explanation {
  readonly article: { readonly id: string; readonly slug: string; readonly title: string };
  readonly related: readonly ExplainedStory[];
}

/** `words` maps term hashes back to the stems an editor can read (text/analyze.ts termDictionary). */
export function explainBlock(index: RelatedIndex, catalog: Catalog, config: RelatedConfig, id: string, words: ReadonlyMap<number, string>): Explanation {
  const a = catalog.byId[id]!;
  const related = index.explain(id).map((c, i): ExplainedStory => {
    const b = catalog.byId[c.id]!;
    const part = (k: keyof typeof c.parts) => ({ value: round(c.parts[k]), weight: config.weights[k], contribution: round(c.parts[k] * config.weights[k]) });
    return {
      rank: i + 1,
      id: b.id,
      slug: b.slug,
      title: b.title,
      date: b.date.iso,
      section: b.section,
      reason: c.reason,
      score: round(c.score),
      parts: { text: part('text'), tags: part('tags'), section: part('section'), authors: part('authors'), recency: part('recency') },
      terms: index.sharedTerms(id, c.id, 8).map((t) => ({ term: words.get(t.hash) ?? `#${t.hash}`, weight: round(t.weight) })),
      tags: index.sharedTags(id, c.id).map((t) => ({ tag: t.tag, weight: round(t.weight) })),
    };
  });
  return { article: { id, slug: a.slug, title: a.title }, related };
}

const REASONS = { pin: 'pinned by an editor', score: 'scored', 'backfill-section': 'backfill: newest in the section', 'backfill-newest': 'backfill: newest' } as const;

export function formatExplanation(e: Explanation, detailed: boolean): string {
  const lines = [`Related stories for "${e.article.title}" (${e.article.slug}, ${e.article.id})`];
  if (e.related.length === 0) lines.push('  (none: the paper has no other eligible article)');
  for (const s of e.related) {
    lines.push(`${String(s.rank).padStart(3)}. ${s.title}  [${s.slug}, ${s.date.slice(0, 10)}, ${s.section}]`);
    lines.push(`     score ${s.score.toFixed(3)}  ${REASONS[s.reason]}`);
    if (!detailed) continue;
    const parts = (Object.keys(s.parts) as (keyof typeof s.parts)[])
      .map((k) => `${k} ${s.parts[k].value.toFixed(3)} x ${s.parts[k].weight} = ${s.parts[k].contribution.toFixed(3)}`)
      .join(' | ');
    lines.push(`     ${parts}`);
    if (s.terms.length) lines.push(`     terms: ${s.terms.map((t) => `${t.term} ${t.weight.toFixed(3)}`).join(', ')}`);
    if (s.tags.length) lines.push(`     tags: ${s.tags.map((t) => `${t.tag} ${t.weight.toFixed(2)}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
