// Rendering runs LiquidJS page by page, one of the costliest stages, and every page renders on
// its own: on big papers it is spread over worker threads. Each worker compiles the templates
// itself and renders the page contexts it is sent; the results come back in job order, so the
// output is byte-identical to one thread.
import { FROM_SOURCE, inWorkers } from '../workers.js';
import { inThread, type PageOutput, type PageRenderer } from './index.js';
import type { PageContext, PageJob } from './jobs.js';
import type { TemplateSource, Templates } from './templates.js';

/**
 * Below this many pages the workers' start costs more than it saves: with `npm run bench` on 2
 * cores, 1,400 pages rendered in 2.7 s in one thread and 3.5 s in two workers; 4,200 pages in
 * 8.4 s against 6.6 s; 13,800 in 31 s against 14.2 s.
 */
export const MIN_PAGES_FOR_POOL = 2500;
const BATCH = 64;

/** A page for a worker: its template and what the template sees. */
export type RenderItem = readonly [template: string, context: PageContext];

export interface WorkerSetup {
  readonly templates: readonly TemplateSource[];
  readonly globals: object;
}

/** A renderer that uses `threads` workers when the page count is worth it, else this thread. */
export function pooled(templates: Templates, sources: readonly TemplateSource[], globals: object, threads: number, minForPool = MIN_PAGES_FOR_POOL): PageRenderer {
  const local = inThread(templates);
  return async (site, jobs, onPage, onResult) => {
    if (threads <= 1 || jobs.length < minForPool || FROM_SOURCE) return local(site, jobs, onPage, onResult);
    // The contexts are made here, when a batch is sent, and copied to the worker: a worker holds
    // its templates and one batch of pages, never the site. Holding every article record in each
    // worker (to make the contexts there) was about 230 MB of heap per worker at 100k articles,
    // and each worker made every article's story view again (docs/memory.md).
    const setup: WorkerSetup = { templates: sources, globals };
    await inWorkers<PageJob, PageOutput>(new URL('./worker.js', import.meta.url), setup, jobs, {
      threads,
      batch: BATCH,
      name: 'render',
      prepare: (j): RenderItem => [j.template, j.context(site)],
      onDone: onPage,
      onResults: async (from, results) => {
        await Promise.all(results.map((out, k) => onResult(from + k, out)));
      },
    });
  };
}
