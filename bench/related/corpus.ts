// Loads the labeled corpus through the real pipeline (load -> parse -> catalog), and scores
// rankings against the hidden labels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCatalog } from '../../src/catalog/index.js';
import { parseConfig } from '../../src/config.js';
import { loadContent } from '../../src/load/index.js';
import type { Catalog, PaperConfig } from '../../src/model.js';
import { parseArticle } from '../../src/parse/article.js';
import { createMarkdown } from '../../src/parse/markdown.js';
import { relatedDocs, type RelatedDoc } from '../../src/related/index.js';

export const CORPUS = path.resolve(import.meta.dirname, '../../test/fixtures/related-corpus');

export interface Corpus {
  readonly config: PaperConfig;
  readonly catalog: Catalog;
  readonly docs: RelatedDoc[];
  /** Topic by document id (never shown to the engine). */
  readonly labels: ReadonlyMap<string, string>;
  /** Plain text fields by id, for methods that re-analyze with other field weights. */
  readonly fields: ReadonlyMap<string, { title: string; summary: string; body: string }>;
}

export async function loadCorpus(): Promise<Corpus> {
  const content = await loadContent(path.join(CORPUS, 'content'), 'paper.yaml', CORPUS);
  if (!content.config) throw new Error('corpus has no paper.yaml');
  const { config } = parseConfig(content.config.text, content.config.path);
  if (!config) throw new Error('corpus config is invalid');
  const md = createMarkdown({ basePath: '/', allowHtml: false, iframeHosts: [] });
  const fields = new Map<string, { title: string; summary: string; body: string }>();
  const articles = content.sources.map((s) => {
    const { article, errors } = parseArticle(s, config, (input) => {
      const out = md(input);
      fields.set(s.rel, { title: '', summary: '', body: out.text });
      return out;
    });
    if (!article) throw new Error(`${s.path}: ${errors.map((e) => e.message).join('; ')}`);
    fields.set(s.rel, { title: article.title, summary: article.summary ?? '', body: fields.get(s.rel)!.body });
    return article;
  });
  const { catalog } = buildCatalog(articles, config, { drafts: false });
  const raw = JSON.parse(readFileSync(path.join(CORPUS, 'labels.json'), 'utf8')) as Record<string, string>;
  const labels = new Map<string, string>();
  for (const id of catalog.chronology) {
    const key = path.basename(id, '.md');
    const label = raw[key];
    if (!label) throw new Error(`no label for ${id}`);
    labels.set(id, label);
  }
  return { config, catalog, docs: relatedDocs(catalog), labels, fields };
}

/** Share of the first k recommendations that are on the article's own topic, averaged over `ids`. */
export function precisionAt(k: number, ranked: ReadonlyMap<string, readonly string[]>, labels: ReadonlyMap<string, string>, ids: readonly string[]): number {
  let sum = 0;
  for (const id of ids) {
    const top = (ranked.get(id) ?? []).slice(0, k);
    sum += top.filter((x) => labels.get(x) === labels.get(id)).length / k;
  }
  return ids.length ? sum / ids.length : 0;
}

/**
 * Paired bootstrap over articles (seeded, 2000 resamples): the mean difference in P@k between
 * two rankings and its 95% interval. An interval that contains 0 is no evidence either way.
 */
export function bootstrapDiff(k: number, a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>, labels: ReadonlyMap<string, string>, ids: readonly string[]): { diff: number; low: number; high: number } {
  const per = ids.map((id) => {
    const p = (r: ReadonlyMap<string, readonly string[]>) => (r.get(id) ?? []).slice(0, k).filter((x) => labels.get(x) === labels.get(id)).length / k;
    return p(a) - p(b);
  });
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const means: number[] = [];
  for (let r = 0; r < 2000; r++) {
    let s = 0;
    for (let i = 0; i < per.length; i++) s += per[Math.floor(rand() * per.length)]!;
    means.push(s / per.length);
  }
  means.sort((x, y) => x - y);
  const diff = per.reduce((x, y) => x + y, 0) / per.length;
  return { diff, low: means[49]!, high: means[1949]! };
}
