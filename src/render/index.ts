// Site -> OutputFile[]: pure. Renders every page job through the designer's templates, then adds
// feeds, sitemaps and robots.txt.
import { termHash } from '../text/analyze.js';
import { buildError, type BuildError } from '../errors.js';
import type { OutputFile, PaperConfig, RelatedMap } from '../model.js';
import { formatDay, stampOf } from '../time.js';
import { feedFiles } from './feeds.js';
import { pageJobs, type PageJob, type Site } from './jobs.js';
import { inNewsWindow, newsSitemapFiles, sitemapFiles, type SitemapEntry } from './sitemaps.js';
import type { Templates } from './templates.js';
import { absolute, fileFor, href } from './urls.js';

export type { Site } from './jobs.js';

/** What every template sees as `site`. */
export function siteGlobals(config: PaperConfig, now: number, assets: Readonly<Record<string, string>>) {
  return {
    name: config.name,
    tagline: config.tagline,
    language: config.language,
    base: config.basePath,
    home: href(config, ''),
    search: href(config, 'search/'),
    tags: href(config, 'tags/'),
    authors: href(config, 'authors/'),
    edition: { iso: stampOf(now, config.timeZone).iso.slice(0, 10), label: formatDay(now, config.timeZone, config.language) },
    sections: config.sections.map((s) => ({ slug: s.slug, title: s.title, url: href(config, `${s.slug}/`) })),
    assets,
  };
}

/** What a watch session remembers of the last build to render only what can have changed. */
export interface RenderMemo {
  /** Each page's key (PageJob.key) in the last good build, by site path. */
  readonly keys: ReadonlyMap<string, string>;
  /** Articles whose record differs from the last build's (edited, added, removed). */
  readonly changed: ReadonlySet<string>;
}

/** An article page, rendered or kept: its URL in the search index and its output path. */
export interface ArticlePage {
  readonly url: string;
  readonly path: string;
  readonly articleId: string;
}

/**
 * Which pages a sharded build renders: `{ index, count }` (1-based) renders only the article
 * pages that fall to that shard; 'final' renders every other page and takes the article pages as
 * already in the output folder (the shards' folders merged into it).
 */
export type Shard = { readonly index: number; readonly count: number } | 'final';

/** The shard (0-based) of a site path: FNV-1a of the path, so the split is the same on every machine. */
export function shardOf(sitePath: string, count: number): number {
  return (termHash(sitePath) >>> 0) % count;
}

/** Takes each rendered page as it comes (build.ts stages it for writing): no build holds them all. */
export type PageSink = (file: OutputFile) => Promise<void>;

export interface Rendered {
  /** The files besides pages: sitemaps, feeds, robots.txt. */
  readonly files: OutputFile[];
  /** Output paths of the pages handed to the sink. */
  readonly sunk: string[];
  /** Every article page, rendered or kept, for the search index (read back from the output). */
  readonly articlePages: ArticlePage[];
  /** Output paths of pages left as they are on disk (memo builds only). */
  readonly kept: string[];
  readonly keys: Map<string, string>;
  /** Every page's job, by site path, and the pages that show each article (empty unless asked for). */
  readonly jobs: Map<string, PageJob>;
  readonly dependents: Map<string, string[]>;
  readonly rendered: number;
  readonly errors: BuildError[];
}

export type PageOutput = { html: string } | { error: BuildError };

/**
 * Renders page jobs in this thread or spread over a worker pool (./pool.ts), handing each page to
 * `onResult` with its job's index as soon as it is done (not necessarily in order); a returned
 * promise holds back further pages until it settles, so pages never pile up in memory.
 */
export type PageRenderer = (site: Site, jobs: readonly PageJob[], onPage: (done: number) => void, onResult: (index: number, out: PageOutput) => void | Promise<void>) => Promise<void>;

/** Pages handed on before waiting for their `onResult` promises. */
const IN_FLIGHT = 32;

/** Renders in this thread. */
export function inThread(templates: Templates): PageRenderer {
  return async (site, jobs, onPage, onResult) => {
    let pending: Promise<void>[] = [];
    for (const [i, job] of jobs.entries()) {
      const taken = onResult(i, templates.render(job.template, job.context(site)));
      if (taken) pending.push(taken);
      onPage(i + 1);
      if (pending.length >= IN_FLIGHT) {
        await Promise.all(pending);
        pending = [];
      }
    }
    await Promise.all(pending);
  };
}

/**
 * Renders every page; collects template errors and output collisions. With a memo, a page is
 * rendered only when its key changed or it shows a changed article; the others are listed in
 * `kept` and must stay on disk as they are.
 */
export async function renderSite(
  given: Site,
  render: PageRenderer,
  sink: PageSink,
  onPage: (done: number) => void = () => undefined,
  memo?: RenderMemo,
  shard?: Shard,
  options: {
    /**
     * The related blocks, when they are still being computed (`given.related` is then not read):
     * the pages are planned meanwhile, and only their keys wait for the blocks.
     */
    readonly later?: () => Promise<RelatedMap>;
    /** Return every job and each article's dependent pages (a watch session's next build uses them). */
    readonly jobs?: boolean;
  } = {},
): Promise<Rendered> {
  const { later } = options;
  const keepJobs = options.jobs ?? true;
  // One set of story views for all pages of this build, unless a watch session brings its own.
  // A copy of its own, as its blocks may come later.
  const site: { -readonly [K in keyof Site]: Site[K] } = { ...given, views: given.views ?? new WeakMap() };
  const files: OutputFile[] = [];
  const articlePages: ArticlePage[] = [];
  const kept: string[] = [];
  const keys = new Map<string, string>();
  const jobs = new Map<string, PageJob>();
  const dependents = new Map<string, string[]>();
  const sitemap: SitemapEntry[] = [];
  const errors: BuildError[] = [];
  const owners = new Map<string, string>();
  const todo: PageJob[] = [];
  // Every page, planned without the related blocks (an article page's key reads its block).
  const planned: PageJob[] = [];
  for (const job of pageJobs(site)) {
    const path = fileFor(job.sitePath);
    const owner = owners.get(path);
    if (owner !== undefined) {
      const a = job.articleId ? site.catalog.byId[job.articleId] : undefined;
      errors.push(buildError('catalog/duplicate-permalink', { file: a?.sourcePath ?? path, ...(a?.positions.slug ?? {}) }, `/${job.sitePath} is also produced by ${owner}`));
      continue;
    }
    owners.set(path, job.articleId ?? `the ${job.template.replace('.liquid', '')} page`);
    if (keepJobs) jobs.set(job.sitePath, job);
    if (job.lastmod !== undefined) sitemap.push({ sitePath: job.sitePath, lastmod: job.lastmod });
    planned.push(job);
  }
  if (later) site.related = await later();
  for (const job of planned) {
    const path = fileFor(job.sitePath);
    const key = `${job.template}\n${job.key}`;
    keys.set(job.sitePath, key);
    const deps = job.deps;
    if (keepJobs) {
      for (const id of deps) {
        const list = dependents.get(id);
        if (list) list.push(job.sitePath);
        else dependents.set(id, [job.sitePath]);
      }
    }
    // A shard renders only its article pages; the final step renders the rest and keeps those.
    if (shard && shard !== 'final' && !(job.articleId && shardOf(job.sitePath, shard.count) === shard.index - 1)) continue;
    if ((shard === 'final' && job.articleId) || (memo && memo.keys.get(job.sitePath) === key && !deps.some((id) => memo.changed.has(id)))) {
      kept.push(path);
      if (job.articleId) articlePages.push({ url: searchUrl(job), path, articleId: job.articleId });
      continue;
    }
    todo.push(job);
  }
  const seenErrors = new Set<string>();
  const pageErrors: BuildError[] = [];
  let rendered = 0;
  // Pages may come back out of order from a pool: these lists are sets, sorted where it matters.
  const sunk: string[] = [];
  await render(site, todo, onPage, (i, out) => {
    const job = todo[i]!;
    if ('error' in out) {
      // One broken template would otherwise repeat the same error on every page.
      const k = `${out.error.file}:${out.error.line}:${out.error.column}:${out.error.message}`;
      if (!seenErrors.has(k)) pageErrors.push(out.error);
      seenErrors.add(k);
      return;
    }
    const file: OutputFile = { path: fileFor(job.sitePath), kind: 'page', content: out.html };
    rendered++;
    if (job.articleId) articlePages.push({ url: searchUrl(job), path: file.path, articleId: job.articleId });
    sunk.push(file.path);
    return sink(file);
  });
  errors.push(...pageErrors);
  const { config } = site;
  // Feeds and sitemaps need absolute URLs: without a host in base_url there are none (config warns).
  const absoluteUrls = !config.baseUrl.startsWith('/');
  if (absoluteUrls) files.push(...sitemapFiles(config, sitemap));
  files.push(...newsFiles(site));
  const sitemaps = absoluteUrls ? `Sitemap: ${absolute(config, 'sitemap.xml')}\nSitemap: ${absolute(config, 'news-sitemap.xml')}\n` : '';
  files.push({ path: 'robots.txt', kind: 'text', content: `User-agent: *\nAllow: /\n${sitemaps}` });
  return { files, sunk, articlePages, kept, keys, jobs, dependents, rendered, errors };
}

/** Indexed by site path; the search page adds the base path, so the index works under any sub-path. */
function searchUrl(job: PageJob): string {
  return `/${encodeURI(job.sitePath)}`;
}

/**
 * Feeds and the news sitemap: the files besides pages that show recent articles' words. With
 * `showing`, only those that list one of these articles.
 */
export function newsFiles(site: Site, showing?: ReadonlySet<string>): OutputFile[] {
  const { config } = site;
  if (config.baseUrl.startsWith('/')) return [];
  const news = !showing || [...showing].some((id) => inNewsWindow(site.catalog.byId[id]!, site.now)) ? newsSitemapFiles(config, site.catalog, site.now) : [];
  return [...feedFiles(config, site.catalog, site.images.sets, showing), ...news];
}

/**
 * Renders some jobs of an earlier build again for `site` (a watch session's word-only edits:
 * the pages keep their keys, only the articles they show changed).
 */
export async function renderAgain(site: Site, templates: Templates, jobs: readonly PageJob[]): Promise<{ files: OutputFile[]; errors: BuildError[] }> {
  const files: OutputFile[] = [];
  const errors: BuildError[] = [];
  await inThread(templates)(site, jobs, () => undefined, (i, out) => {
    if ('error' in out) errors.push(out.error);
    else files.push({ path: fileFor(jobs[i]!.sitePath), kind: 'page', content: out.html });
  });
  return { files, errors };
}
