// A render worker: compiles the templates, makes the site's page jobs once, then renders the
// site paths it is sent and posts the HTML (or the template error) back.
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
const jobs = new Map<string, PageJob>();
for (const job of pageJobs(site)) if (!jobs.has(job.sitePath)) jobs.set(job.sitePath, job);

parentPort?.on('message', (msg: { from: number; items: RenderItem[] }) => {
  const byId = site.catalog.byId as Record<string, Article>;
  const results = msg.items.map(([p, body]) => {
    const job = jobs.get(p);
    if (!job) throw new Error(`render worker: no page ${p}`);
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
