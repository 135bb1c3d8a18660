// A watch session's fastest rebuild: a save that changes only an article's words (body,
// headline, dek, dateline, kicker, captions) leaves every listing, page and URL of the site as it
// was, so only the pages that show the article are rendered again, with feeds and the news
// sitemap. Anything more (a new date, tag, slug or file, a template, an embargo lifting) returns
// null and the caller runs the ordinary build, which handles every case.
import path from 'node:path';
import { relateAll } from './related/index.js';
import { CONFIG_FILE } from './config.js';
import type { BuildError } from './errors.js';
import { updateContent } from './load/index.js';
import type { Article, OutputFile, SourceFile } from './model.js';
import { parseMany } from './parse/pool.js';
import { newsFiles, renderAgain, siteGlobals } from './render/index.js';
import { storyIn, type Site } from './render/jobs.js';
import { shapeOf, type BuildSession } from './session.js';
import { writeSite, type WriteStats } from './write/index.js';
import { stageTiming, type StageTiming } from './timing.js';

export interface QuickOptions {
  readonly cwd: string;
  readonly contentDir: string;
  readonly outDir: string;
  readonly now: number;
  /** Absolute paths that changed since the session's last build. */
  readonly changes: readonly string[];
  /** Papers smaller than this compute related blocks exactly (and must find them unchanged). */
  readonly exactRelatedFrom: number;
  readonly authorsDir: string;
}

export interface QuickResult extends WriteStats {
  readonly parsed: number;
  readonly rendered: number;
  readonly articles: number;
  readonly pages: number;
  readonly files: number;
  readonly timings: StageTiming[];
}

/**
 * The quick rebuild's result; `{ parsed }` alone when it gave way to the ordinary build after
 * parsing that many files (they are in the parse cache, so the ordinary build will not count them).
 */
export async function quickRebuild(options: QuickOptions, session: BuildSession): Promise<QuickResult | { readonly parsed: number } | null> {
  const last = session.last;
  if (!last || !session.content || options.changes.length === 0 || options.now >= last.nextChange) return null;
  const timings: StageTiming[] = [];
  let t0 = performance.now();
  const lap = (stage: string) => {
    const t = performance.now();
    timings.push(stageTiming(stage, t - t0));
    t0 = t;
  };
  const rels: string[] = [];
  for (const abs of options.changes) {
    const rel = path.relative(options.contentDir, abs).split(path.sep).join('/');
    if (!rel.endsWith('.md') || rel.startsWith('..') || rel.startsWith(`${options.authorsDir}/`) || !(rel in last.site.catalog.byId)) return null;
    rels.push(rel);
  }
  const content = await updateContent(session.content, options.contentDir, CONFIG_FILE, options.cwd, options.changes);
  session.content = content;
  lap('load');
  const sources = rels.map((rel) => content.entries.get(rel));
  if (sources.some((e) => e?.kind !== 'source')) return null;
  const files = sources.map((e) => (e as { file: SourceFile }).file);
  const parsed = await parseMany(files, last.site.config, 1);
  files.forEach((f, i) => session.parse.set(f.rel, { key: `${last.site.config.digest}:${f.digest}`, value: parsed[i]! }));
  lap('parse');
  const errors: BuildError[] = parsed.flatMap((p) => [...p.errors]);
  // Warnings too: the ordinary build reports them.
  if (errors.length > 0) return { parsed: files.length };
  const edited: Article[] = parsed.map((p) => p.article!);
  if (edited.some((a) => shapeOf(a) !== shapeOf(last.site.catalog.byId[a.id]!))) return { parsed: files.length };

  const byId = { ...last.site.catalog.byId };
  for (const a of edited) byId[a.id] = a;
  const catalog = { ...last.site.catalog, byId };
  // The edition date in the masthead moves with the clock; when it does, every page changes.
  if (JSON.stringify({ site: siteGlobals(last.site.config, options.now, last.assetHrefs) }) !== last.globals) return { parsed: files.length };
  lap('catalog');
  let related = last.site.related;
  if (catalog.chronology.length < options.exactRelatedFrom) {
    related = relateAll(catalog, last.site.config.related);
    if (!sameBlocks(related, last.site.related)) return { parsed: files.length };
  }
  lap('related');

  const site: Site = { ...last.site, catalog, related, now: options.now, views: session.views };
  // Other pages show an article through its story view (headline, dek, time, byline, picture):
  // when that is unchanged, as after an edit further down the body, only its own page changes.
  const before = storyIn({ ...last.site, views: session.views });
  const after = storyIn(site);
  const paths = new Set<string>();
  const shown = new Set<string>();
  for (const a of edited) {
    paths.add(a.urlPath);
    if (JSON.stringify(before(a.id)) === JSON.stringify(after(a.id))) continue;
    shown.add(a.id);
    for (const p of last.dependents.get(a.id) ?? []) paths.add(p);
  }
  const jobs = [...paths].sort().map((p) => last.jobs.get(p)!);
  const pages = await renderAgain(site, last.templates, jobs);
  if (pages.errors.length) return { parsed: files.length };
  const out: OutputFile[] = [...pages.files, ...(shown.size ? newsFiles(site, shown) : [])];
  lap('render');
  // The same pages, feeds and files exist as before: write these, remove nothing.
  const written = await writeSite(options.outDir, out, () => undefined, { only: true });
  lap('write');
  session.last = { ...last, site: { ...last.site, catalog, related, now: options.now }, settled: false };
  return {
    ...written,
    parsed: files.length,
    rendered: pages.files.length,
    articles: catalog.chronology.length,
    pages: last.keys.size,
    files: last.outputs.size,
    timings,
  };
}

function sameBlocks(a: Readonly<Record<string, readonly string[]>>, b: Readonly<Record<string, readonly string[]>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const x = a[k]!;
    const y = b[k];
    return y !== undefined && x.length === y.length && x.every((id, i) => id === y[i]);
  });
}
