// `npm run eval:related`: compares ranking methods on the labeled corpus, searches the weights,
// and writes the table to docs/related-quality.md.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { RELATED_DEFAULTS } from '../../src/config.js';
import { relatedOptions } from '../../src/related/index.js';
import type { RelatedDoc } from '../../src/related/index.js';
import { analyzeFields } from '../../src/text/analyze.js';
import { bootstrapDiff, loadCorpus, precisionAt } from './corpus.js';
import * as m from './methods.js';

const corpus = await loadCorpus();
const { docs, labels } = corpus;
const all = docs.map((d) => d.id);
const untagged = docs.filter((d) => d.tags.length === 0).map((d) => d.id);
const tagged = docs.filter((d) => d.tags.length > 0).map((d) => d.id);
const W0 = { text: 0, tags: 0, section: 0, authors: 0, recency: 0 };
const defaults = relatedOptions(corpus.config.related);

const rows: [string, m.Ranking][] = [];
const time = (name: string, f: () => m.Ranking) => {
  const t0 = performance.now();
  const r = f();
  rows.push([`${name}`, r]);
  process.stderr.write(`${name}: ${(performance.now() - t0).toFixed(0)} ms\n`);
};

time('Nearest in time (baseline)', () => m.newest(docs));
time('Tags only (rare tags weigh more)', () => m.tagsOnly(docs));
time('Metadata only: tags + section + authors + recency', () => m.exhaustive(docs, { ...RELATED_DEFAULTS.weights, text: 0 }));
time('TF-IDF cosine, query cut to 10 terms', () => m.truncatedQuery(docs, 10));
time('TF-IDF cosine, query cut to 25 terms', () => m.truncatedQuery(docs, 25));
time('TF-IDF cosine, whole article', () => m.exhaustive(docs, { ...W0, text: 1 }));
time('BM25, whole article', () => m.exhaustive(docs, { ...W0, text: 1 }, 0.5, 30, 'bm25'));
time('LSA, 50 dimensions', () => m.lsa(docs, 50));
time('LSA, 100 dimensions', () => m.lsa(docs, 100));
time('TF-IDF + LSA-100 blend (0.5/0.5)', () => m.blend(docs, 100, 0.5));
time('TF-IDF + Rocchio re-rank (top 3, beta 0.5)', () => m.rocchio(docs, 3, 0.5));
time('TF-IDF + metadata (shipped weights), every pair scored', () => m.exhaustive(docs, RELATED_DEFAULTS.weights));
time('BM25 + metadata (shipped weights), every pair scored', () => m.exhaustive(docs, RELATED_DEFAULTS.weights, 0.5, 30, 'bm25'));
time('Shipped engine: BM25 + metadata, top-k retrieval', () => m.engine(docs, defaults));

const fmt = (x: number) => x.toFixed(3);
const table = [
  '| method | P@4 all (160) | P@4 untagged (80) | P@4 tagged (80) | P@1 all |',
  '|---|---|---|---|---|',
  ...rows.map(([name, r]) => `| ${name} | ${fmt(precisionAt(4, r, labels, all))} | ${fmt(precisionAt(4, r, labels, untagged))} | ${fmt(precisionAt(4, r, labels, tagged))} | ${fmt(precisionAt(1, r, labels, all))} |`),
];

const ci = (d: { diff: number; low: number; high: number }) => `${d.diff >= 0 ? '+' : ''}${fmt(d.diff)} [${fmt(d.low)}, ${fmt(d.high)}]`;
const byName = new Map(rows);
const shipped = byName.get('Shipped engine: BM25 + metadata, top-k retrieval')!;
const textOnly = byName.get('BM25, whole article')!;
const metaOnly = byName.get('Metadata only: tags + section + authors + recency')!;
const tagOnly = byName.get('Tags only (rare tags weigh more)')!;
const comparisons = [
  '| comparison | articles | P@4 difference [95% interval] |',
  '|---|---|---|',
  `| shipped engine - BM25 text only | all | ${ci(bootstrapDiff(4, shipped, textOnly, labels, all))} |`,
  `| shipped engine - metadata only | all | ${ci(bootstrapDiff(4, shipped, metaOnly, labels, all))} |`,
  `| BM25 text only - tags only | untagged | ${ci(bootstrapDiff(4, textOnly, tagOnly, labels, untagged))} |`,
  `| BM25 - TF-IDF cosine (text only) | all | ${ci(bootstrapDiff(4, textOnly, byName.get('TF-IDF cosine, whole article')!, labels, all))} |`,
  `| TF-IDF whole article - query cut to 25 terms | all | ${ci(bootstrapDiff(4, byName.get('TF-IDF cosine, whole article')!, byName.get('TF-IDF cosine, query cut to 25 terms')!, labels, all))} |`,
  `| shipped retrieval - every pair scored | all | ${ci(bootstrapDiff(4, shipped, byName.get('BM25 + metadata (shipped weights), every pair scored')!, labels, all))} |`,
];

// Field weights: re-analyze with other headline/dek boosts.
const boosts: string[] = ['| headline weight | dek weight | P@4 (BM25, whole article) | vs no boost [95% interval] |', '|---|---|---|---|'];
let noBoost: m.Ranking | null = null;
for (const [tw, sw] of [[1, 1], [2, 2], [3, 2], [5, 2], [8, 3]] as const) {
  const redone: RelatedDoc[] = docs.map((d) => {
    const f = corpus.fields.get(d.id)!;
    return { ...d, terms: analyzeFields([{ text: f.title, weight: tw }, { text: f.summary, weight: sw }, { text: f.body, weight: 1 }], 'en') };
  });
  const r = m.exhaustive(redone, { ...W0, text: 1 }, 0.5, 30, 'bm25');
  noBoost ??= r;
  boosts.push(`| ${tw} | ${sw} | ${fmt(precisionAt(4, r, labels, all))} | ${ci(bootstrapDiff(4, r, noBoost, labels, all))} |`);
}

// Terms in more than this share of articles are dropped.
const shares: string[] = ['| max document share | P@4 (BM25) |', '|---|---|'];
for (const s of [0.1, 0.2, 0.3, 0.5, 0.8, 1]) shares.push(`| ${s} | ${fmt(precisionAt(4, m.exhaustive(docs, { ...W0, text: 1 }, s, 30, 'bm25'), labels, all))} |`);

// Weight search for the metadata parts, text fixed at 1.
const grid: { w: { text: number; tags: number; section: number; authors: number; recency: number }; p: number }[] = [];
for (const tags of [0, 0.1, 0.2, 0.3, 0.5, 0.8])
  for (const section of [0, 0.02, 0.05, 0.1])
    for (const authors of [0, 0.02, 0.05])
      for (const rec of [0, 0.02, 0.05, 0.1]) {
        const w = { text: 1, tags, section, authors, recency: rec };
        grid.push({ w, p: precisionAt(4, m.exhaustive(docs, w, 0.5, 30, 'bm25'), labels, all) });
      }
grid.sort((a, b) => b.p - a.p);
const best = grid.slice(0, 8).map((g) => `| ${g.w.tags} | ${g.w.section} | ${g.w.authors} | ${g.w.recency} | ${fmt(g.p)} |`);

const out = `# Related stories: how the method and defaults were chosen

Generated by \`npm run eval:related\` (bench/related/eval.ts) on the labeled corpus in
\`test/fixtures/related-corpus/\`: 160 short news articles written for this project, 10 topics in
5 deliberately confusable pairs (Mekong dams / floods, rice trade / garment labour, football /
SEA Games, elections / dengue, film festivals / Angkor tourism), half of each topic tagged from a
tag list shared across topics, bylines shared across topics, 3 of 16 articles per topic filed in
another section. Labels (\`labels.json\`) never reach the engine. P@k is the share of an article's
first k related stories that are on its own topic, averaged over articles.

## What we chose and why

- **BM25 with the whole article as the query** for the text part: the best text-only method, and
  better than TF-IDF cosine by a margin the bootstrap says is real. Cutting the query to its top
  terms costs about 0.08 (25 terms) and more at 10 terms, so the engine never cuts the query; it
  only uses the 32 most telling terms to *find* candidates and then scores the best 32 of them
  (by partial text match plus metadata) exactly.
- **No dimension reduction**: LSA at 50 or 100 dimensions and its blend with TF-IDF did not beat
  BM25; Rocchio re-ranking (pseudo-relevance feedback) came close to BM25 but costs a second pass.
- **Retrieval shortcuts are lossless here**: the shipped engine and every-pair scoring give the
  same P@4 (on a 10k synthetic paper they agree on 99% of recommendations;
  docs/benchmarks-related.md).
- **Metadata weights**: text carries almost all of the signal on this corpus (text + metadata
  beats text alone by a hair, inside the noise). Among the weightings statistically tied with the
  best, we ship one that keeps every part the editors asked for at a small weight: tags 0.1,
  section 0.02, authors 0.05, recency 0.02. The corpus cannot show what those parts are for in a
  real paper: its dates are unrelated to its topics (real follow-ups cluster in time), 3 of 16
  articles per topic are filed in another section on purpose, and half of the articles carry no
  tags.
- **Headline weight 2** (dek 2): no boost scores 0.009 higher, at the edge of what this corpus can
  measure; larger boosts measurably hurt. We keep the mildest boost because a headline is written
  to name the story's subject.
- **Ignore words in more than 50% of articles**: anything from 20% up to no limit is the same
  here; 10% hurts.

## Methods

${table.join('\n')}

## Is the difference real?

${comparisons.join('\n')}

## Headline and dek weights

${boosts.join('\n')}

## Ignoring terms present in most articles

${shares.join('\n')}

## Metadata weights (BM25 text = 1), best eight of ${grid.length}

| tags | section | authors | recency | P@4 |
|---|---|---|---|---|
${best.join('\n')}

Shipped defaults: text ${RELATED_DEFAULTS.weights.text}, tags ${RELATED_DEFAULTS.weights.tags}, section ${RELATED_DEFAULTS.weights.section}, authors ${RELATED_DEFAULTS.weights.authors}, recency ${RELATED_DEFAULTS.weights.recency} (half-life ${RELATED_DEFAULTS.recencyHalfLifeDays} days), terms in more than ${RELATED_DEFAULTS.maxDocShare * 100}% of articles ignored.
`;
const file = path.resolve(import.meta.dirname, '../../docs/related-quality.md');
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, out);
process.stdout.write(out);
