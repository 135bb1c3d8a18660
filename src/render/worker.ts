// A render worker: compiles the templates, then renders the site paths it is sent and posts the
// HTML (or the template error) back. Paths come in the order the site's page jobs are made
// (render/index.ts keeps that order, and each worker gets its batches in turn), so the worker
// walks the jobs alongside and lets each one go once passed: holding every job of a 100k
// archive cost each worker 162 MB of heap.
import { parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../model.js';
import { pageJobs, type PageJob, type Site } from './jobs.js';
import type { RenderItem, WorkerSetup } from './pool.js';
import { compileTemplates } from './templates.js';
import type { StoryView } from './view.js';

const setup = workerData as WorkerSetup;
const site: Site = { ...setup.site, views: new WeakMap<Article, StoryView>() };
const { templates, errors } = compileTemplates(setup.templates, setup.globals);
if (!templates) throw new Error(`render worker: templates did not compile: ${errors.map((e) => e.message).join('; ')}`);
const ahead = pageJobs(site);
// Site paths already passed: the first job for a path is the one render/index.ts keeps.
const passed = new Set<string>();

function jobFor(sitePath: string): PageJob {
  for (;;) {
    const next = ahead.next();
    if (next.done) throw new Error(`render worker: no page ${sitePath} ahead (pages must come in the order pageJobs makes them)`);
    const job = next.value;
    if (passed.has(job.sitePath)) continue;
    passed.add(job.sitePath);
    if (job.sitePath === sitePath) return job;
  }
}

parentPort?.on('message', (msg: { from: number; items: RenderItem[] }) => {
  const byId = site.catalog.byId as Record<string, Article>;
  const results = msg.items.map(([p, body]) => {
    const job = jobFor(p);
    if (body === null || !job.articleId) return templates.render(job.template, job.context(site));
    // The article's body came with the job (./pool.ts): lend it to the record for this page.
    const bare = byId[job.articleId]!;
    byId[job.articleId] = { ...bare, bodyHtml: body };
    try {
      return templates.render(job.template, job.context(site));
    } finally {
      byId[job.articleId] = bare;
    }
  });
  parentPort?.postMessage({ from: msg.from, results });
});
