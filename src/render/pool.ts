// Rendering runs LiquidJS page by page, one of the costliest stages, and every page renders on
// its own: on big papers it is spread over worker threads. Each worker gets the site's records
// once, compiles the templates itself, makes the same page jobs and renders the site paths it is
// sent; the results come back in job order, so the output is byte-identical to one thread.
import { FROM_SOURCE, inWorkers } from '../workers.js';
import type { Article } from '../model.js';
import { bodyOf } from '../load/spill.js';
import { inThread, type PageOutput, type PageRenderer } from './index.js';
import type { PageJob, Site } from './jobs.js';
import type { TemplateSource, Templates } from './templates.js';

/**
 * Below this many pages the workers' start (copying the site to each) costs more than it saves:
 * with `npm run bench` on 2 cores, 1,400 pages rendered in 2.7 s in one thread and 3.5 s in two
 * workers; 4,200 pages in 8.4 s against 6.6 s; 13,800 in 31 s against 14.2 s.
 */
export const MIN_PAGES_FOR_POOL = 2500;
const BATCH = 64;

/**
 * Article fields that no page job or view reads (source positions and paths are for errors,
 * which render/index.ts reports here; pins, assets and links were resolved into the catalog).
 * test/e2e/pool.test.ts compares pages rendered with and without them.
 */
const NOT_RENDERED: ReadonlySet<string> = new Set<keyof Article>(['positions', 'digest', 'sourcePath', 'related', 'relatedExclude', 'assets', 'links', 'translations', 'draft', 'expires']);

/** A page for a worker: its site path, and the body of the article it shows (article pages). */
export type RenderItem = readonly [sitePath: string, body: string | null];

export interface WorkerSetup {
  readonly site: Omit<Site, 'views'>;
  readonly templates: readonly TemplateSource[];
  readonly globals: object;
}

/** A renderer that uses `threads` workers when the page count is worth it, else this thread. */
export function pooled(templates: Templates, sources: readonly TemplateSource[], globals: object, threads: number, minForPool = MIN_PAGES_FOR_POOL): PageRenderer {
  const local = inThread(templates);
  return async (site, jobs, onPage, onResult) => {
    if (threads <= 1 || jobs.length < minForPool || FROM_SOURCE) return local(site, jobs, onPage, onResult);
    // Analyzed terms are for related stories only, and a body is shown on its own article page
    // only: neither is copied to every worker. Each article page's job carries its body instead,
    // so a worker holds the paper's metadata but not every article's text.
    // A body is read (from the build's temporary file, load/spill.ts) only when its batch is sent.
    // Fields no page reads stay here too: each worker holds every record (309 MB of heap per
    // worker for a 100k archive), and these were a quarter of their bytes.
    const byId: Record<string, Article> = {};
    for (const [id, a] of Object.entries(site.catalog.byId)) byId[id] = forWorkers(a);
    const { views: _views, ...plain } = site;
    const setup: WorkerSetup = { site: { ...plain, catalog: { ...site.catalog, byId } }, templates: sources, globals };
    await inWorkers<PageJob, PageOutput>(new URL('./worker.js', import.meta.url), setup, jobs, {
      threads,
      batch: BATCH,
      name: 'render',
      prepare: (j): RenderItem => [j.sitePath, j.articleId ? bodyOf(site.catalog.byId[j.articleId]!) : null],
      onDone: onPage,
      onResults: async (from, results) => {
        await Promise.all(results.map((out, k) => onResult(from + k, out)));
      },
    });
  };
}

/** `a` as a worker gets it: no body, no terms, none of NOT_RENDERED. */
function forWorkers(a: Article): Article {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(a)) if (!NOT_RENDERED.has(key)) out[key] = value;
  out['bodyHtml'] = '';
  out['terms'] = new Int32Array(0);
  return out as unknown as Article;
}
