// Site -> OutputFile[]: pure. Decides which pages exist, builds their view records and renders
// them through the designer's templates.
import { buildError, type BuildError } from '../errors.js';
import type { Catalog, ImageSizes, OutputFile, PaperConfig, RelatedMap } from '../model.js';
import { formatDay, stampOf } from '../time.js';
import type { Templates } from './templates.js';
import { fileFor, href, pagePath } from './urls.js';
import { articleView, pageMeta, paginationView, storyView, type StoryView } from './view.js';

export interface Site {
  readonly config: PaperConfig;
  readonly catalog: Catalog;
  readonly related: RelatedMap;
  /** Build time (injected clock), for the edition date. */
  readonly now: number;
  /** Pixel sizes of content images, by content-relative path. */
  readonly imageSizes: ImageSizes;
}

/** What every template sees as `site`. */
export function siteGlobals(config: PaperConfig, now: number, assets: Readonly<Record<string, string>>) {
  return {
    name: config.name,
    tagline: config.tagline,
    language: config.language,
    base: config.basePath,
    home: href(config, ''),
    search: href(config, 'search/'),
    edition: { iso: stampOf(now, config.timeZone).iso.slice(0, 10), label: formatDay(now, config.timeZone, config.language) },
    sections: config.sections.map((s) => ({ slug: s.slug, title: s.title, url: href(config, `${s.slug}/`) })),
    assets,
  };
}

interface PageJob {
  readonly sitePath: string;
  readonly template: string;
  readonly context: object;
  /** Article id when the page is an article's own, for collision errors. */
  readonly articleId?: string;
}

/** Renders every page; collects template errors and output collisions. */
export function renderSite(
  site: Site,
  templates: Templates,
): { files: OutputFile[]; searchPages: { url: string; html: string }[]; errors: BuildError[] } {
  const files: OutputFile[] = [];
  const searchPages: { url: string; html: string }[] = [];
  const errors: BuildError[] = [];
  const seenErrors = new Set<string>();
  const owners = new Map<string, string>();
  for (const job of pageJobs(site)) {
    const path = fileFor(job.sitePath);
    const owner = owners.get(path);
    if (owner !== undefined) {
      const a = job.articleId ? site.catalog.byId[job.articleId] : undefined;
      errors.push(buildError('catalog/duplicate-permalink', { file: a?.sourcePath ?? path, ...(a?.positions.slug ?? {}) }, `/${job.sitePath} is also produced by ${owner}`));
      continue;
    }
    owners.set(path, job.articleId ?? `the ${job.template.replace('.liquid', '')} page`);
    const out = templates.render(job.template, job.context);
    if ('error' in out) {
      // One broken template would otherwise repeat the same error on every page.
      const key = `${out.error.file}:${out.error.line}:${out.error.column}:${out.error.message}`;
      if (!seenErrors.has(key)) errors.push(out.error);
      seenErrors.add(key);
      continue;
    }
    files.push({ path, kind: 'page', content: out.html });
    // Indexed by site path; the search page adds the base path, so the index works under any sub-path.
    if (job.articleId) searchPages.push({ url: `/${encodeURI(job.sitePath)}`, html: out.html });
  }
  files.push({ path: 'robots.txt', kind: 'text', content: `User-agent: *\nAllow: /\n` });
  return { files, searchPages, errors };
}

function* pageJobs(site: Site): Generator<PageJob> {
  const { config, catalog } = site;
  const story = (id: string): StoryView => storyView(catalog.byId[id]!, config, site.imageSizes);
  const chrono = catalog.chronology;
  const size = config.pageSize;

  // Front page: the lead, each section's newest, the latest list; older ones on /page/N/.
  const leadId = chrono.find((id) => catalog.byId[id]!.featured) ?? chrono[0];
  const topIds = new Set<string>();
  const sectionBlocks = config.sections
    .map((s) => {
      const ids = (catalog.sections[s.slug] ?? []).filter((id) => id !== leadId).slice(0, config.sectionTopCount);
      ids.forEach((id) => topIds.add(id));
      return { slug: s.slug, title: s.title, url: href(config, `${s.slug}/`), stories: ids.map(story) };
    })
    .filter((b) => b.stories.length > 0);
  const totalPages = Math.max(1, Math.ceil(chrono.length / size));
  yield {
    sitePath: '',
    template: 'front.liquid',
    context: {
      page: pageMeta(config, 'front', '', config.name, config.tagline || config.name),
      lead: leadId ? story(leadId) : null,
      sections: sectionBlocks,
      latest: chrono.slice(0, size).filter((id) => id !== leadId).map(story),
      pagination: paginationView('', 1, totalPages, config),
    },
  };
  for (let n = 2; n <= totalPages; n++) {
    const sitePath = pagePath('', n);
    yield {
      sitePath,
      template: 'list.liquid',
      context: {
        page: pageMeta(config, 'list', sitePath, `Latest news, page ${n}`, `Older stories from ${config.name}, page ${n}.`),
        stories: chrono.slice((n - 1) * size, n * size).map(story),
        pagination: paginationView('', n, totalPages, config),
      },
    };
  }

  for (const s of config.sections) {
    const ids = catalog.sections[s.slug] ?? [];
    const pages = Math.max(1, Math.ceil(ids.length / size));
    for (let n = 1; n <= pages; n++) {
      const sitePath = pagePath(`${s.slug}/`, n);
      const title = n === 1 ? s.title : `${s.title}, page ${n}`;
      yield {
        sitePath,
        template: 'section.liquid',
        context: {
          page: pageMeta(config, 'section', sitePath, title, `${s.title} news from ${config.name}.`, s.slug),
          section: { slug: s.slug, title: s.title, url: href(config, `${s.slug}/`) },
          stories: ids.slice((n - 1) * size, n * size).map(story),
          pagination: paginationView(`${s.slug}/`, n, pages, config),
        },
      };
    }
  }

  for (const id of chrono) {
    const a = catalog.byId[id]!;
    yield {
      sitePath: a.urlPath,
      template: 'article.liquid',
      articleId: id,
      context: {
        page: pageMeta(config, 'article', a.urlPath, a.title, a.excerpt, a.section),
        article: articleView(a, config, site.imageSizes),
        related: (site.related[id] ?? []).map(story),
      },
    };
  }

  yield {
    sitePath: 'search/',
    template: 'search.liquid',
    context: { page: pageMeta(config, 'search', 'search/', 'Search', `Search every story in ${config.name}.`) },
  };

  yield {
    sitePath: '404.html',
    template: '404.liquid',
    context: {
      page: pageMeta(config, '404', '404.html', 'Page not found', `This page of ${config.name} could not be found.`),
      latest: chrono.slice(0, 5).map(story),
    },
  };
}
