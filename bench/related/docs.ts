// The related engine's input for a synthetic paper (bench/synthetic.ts), as the build makes it:
// shared by `bench:related` and `bench:related:ab` so both measure the same documents.
import type { RelatedDoc } from '../../src/related/index.js';
import { analyzeFields } from '../../src/text/analyze.js';
import { syntheticArticles } from '../synthetic.js';

export interface SyntheticDocs {
  /** Newest first, then slug, as the catalog orders articles. */
  readonly docs: RelatedDoc[];
  /** Body words, summed over the articles. */
  readonly words: number;
  /** Time spent analyzing text into terms (the parse stage's share of related stories). */
  readonly analyzeMs: number;
}

export function syntheticDocs(size: number): SyntheticDocs {
  const docs: RelatedDoc[] = [];
  let words = 0;
  let analyzeMs = 0;
  for (const a of syntheticArticles(size, { seed: 42 })) {
    words += a.body.split(' ').length;
    const t0 = performance.now();
    const terms = analyzeFields([{ text: a.title, weight: 2 }, { text: a.summary, weight: 2 }, { text: a.body, weight: 1 }], 'en');
    analyzeMs += performance.now() - t0;
    docs.push({ id: `${a.section}/${a.slug}.md`, slug: a.slug, section: a.section, tags: a.tags.map((t) => t.toLowerCase()), authors: a.authors.map((x) => x.toLowerCase()), epochMs: a.epochMs, terms, pins: [], exclude: [] });
  }
  docs.sort((x, y) => y.epochMs - x.epochMs || (x.slug < y.slug ? -1 : 1));
  return { docs, words, analyzeMs };
}
