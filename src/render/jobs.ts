// Which pages exist and what each one's template sees. Pure: catalog in, page jobs out.
import type { Article, AuthorProfile, Catalog, PaperConfig, RelatedMap } from '../model.js';
import { calendarParts } from '../time.js';
import { feedPaths } from './feeds.js';
import { articleLastmod } from './sitemaps.js';
import { termSlug } from './slugs.js';
import { listingPages } from './paging.js';
import { articleSocial, frontPageData, jsonForScript, modifiedOf, newsArticleData, pageSocial } from './structured.js';
import { absolute, href, pagePath } from './urls.js';
import { articleView, pageMeta, paginationView, storyView, type PageMeta, type SiteImages, type StoryView } from './view.js';

export interface Site {
  readonly config: PaperConfig;
  readonly catalog: Catalog;
  readonly related: RelatedMap;
  /** Build time (injected clock), for the edition date and the news sitemap. */
  readonly now: number;
  /** Content images by content-relative path: variant sets of processed ones, pixel sizes of all. */
  readonly images: SiteImages;
  /** Profiles by author slug. */
  readonly authors: Readonly<Record<string, AuthorProfile>>;
  /**
   * Story views kept between the builds of a watch session (an unchanged article is the same
   * record, so its view is reused). Only valid while the config and images are unchanged.
   */
  readonly views?: WeakMap<Article, StoryView>;
}

/** The story view of an article of `site`, made once per article record. */
export function storyIn(site: Site): (id: string) => StoryView {
  const views = site.views ?? new WeakMap<Article, StoryView>();
  return (id) => {
    const a = site.catalog.byId[id]!;
    let v = views.get(a);
    if (!v) {
      v = storyView(a, site.config, site.images);
      views.set(a, v);
    }
    return v;
  };
}

export type PageContext = { readonly page: PageMeta } & Record<string, unknown>;

export interface PageJob {
  readonly sitePath: string;
  readonly template: string;
  /**
   * What the page shows, as ids and small values: two builds that give a page the same key and
   * none of whose `deps` changed give it the same bytes (with the same config and templates).
   */
  readonly key: string;
  /** Articles whose story views the page shows. */
  readonly deps: readonly string[];
  /**
   * Built only when the page is rendered (views format dates, which costs at archive scale), from
   * the site it is given: a watch session renders a kept job again with the next build's site
   * when only its articles' words changed.
   */
  readonly context: (site: Site) => PageContext;
  /** Article id when the page is an article's own. */
  readonly articleId?: string;
  /** W3C date for sitemap.xml, or null; undefined keeps the page out of the sitemap. */
  readonly lastmod?: string | null;
}

export function* pageJobs(site: Site): Generator<PageJob> {
  const { config, catalog } = site;
  // A story appears on many pages (front, section, tags, writers, archives, related blocks);
  // its view, with its formatted time stamps, is made once (site.views). Views are read-only.
  const newestMod = (ids: readonly string[]) => (ids[0] ? catalog.byId[ids[0]]!.date.iso : null);
  const paperFeeds = feedLinks(config, '', config.name);
  const meta = (kind: PageMeta['kind'], sitePath: string, title: string, description: string, section: string | null = null, extra: Partial<PageMeta> = {}) =>
    pageMeta(config, kind, sitePath, title, description, section, {
      social: pageSocial(config, sitePath, title, description),
      feeds: paperFeeds,
      ...extra,
    });

  // Front page: the lead, each section's newest, the latest list; older ones on /page/N/.
  const chrono = catalog.chronology;
  const size = config.pageSize;
  const leadId = chrono.find((id) => catalog.byId[id]!.featured) ?? chrono[0];
  const sectionBlocks = config.sections
    .map((s) => {
      const ids = (catalog.sections[s.slug] ?? []).filter((id) => id !== leadId).slice(0, config.sectionTopCount);
      return { slug: s.slug, title: s.title, url: href(config, `${s.slug}/`), ids };
    })
    .filter((b) => b.ids.length > 0);
  const pages = listingPages(chrono, size);
  const newest = pages.archive.length;
  const latest = pages.first.filter((id) => id !== leadId);
  yield {
    sitePath: '',
    template: 'front.liquid',
    lastmod: newestMod(chrono),
    key: JSON.stringify([leadId, sectionBlocks.map((b) => [b.slug, b.ids]), latest, newest]),
    deps: [...(leadId ? [leadId] : []), ...sectionBlocks.flatMap((b) => b.ids), ...latest],
    context: (s) => ({
      page: meta('front', '', config.name, config.tagline || config.name, null, { jsonld: frontPageData(config).map(jsonForScript) }),
      lead: leadId ? storyIn(s)(leadId) : null,
      sections: sectionBlocks.map(({ ids, ...b }) => ({ ...b, stories: ids.map(storyIn(s)) })),
      latest: latest.map(storyIn(s)),
      pagination: paginationView('', 0, newest, config),
    }),
  };
  for (const [i, ids] of pages.archive.entries()) {
    const n = i + 1;
    const sitePath = pagePath('', n);
    yield {
      sitePath,
      template: 'list.liquid',
      lastmod: pageLastmod(catalog, ids),
      // Not the number of pages: an archive page shows only its own number and neighbours.
      key: JSON.stringify([n, n === newest, ids]),
      deps: ids,
      context: (s) => ({
        page: meta('list', sitePath, `Latest news, page ${n}`, `Older stories from ${config.name}, page ${n}.`),
        heading: 'Latest news',
        stories: ids.map(storyIn(s)),
        pagination: paginationView('', n, newest, config),
      }),
    };
  }

  for (const s of config.sections) {
    const ids = catalog.sections[s.slug] ?? [];
    yield* listing(site, `${s.slug}/`, ids, (n) => ({
      page: meta('section', pagePath(`${s.slug}/`, n), n === 0 ? s.title : `${s.title}, page ${n}`, `${s.title} news from ${config.name}.`, s.slug, {
        feeds: [...feedLinks(config, `${s.slug}/`, `${s.title} | ${config.name}`), ...paperFeeds],
      }),
      section: { slug: s.slug, title: s.title, url: href(config, `${s.slug}/`) },
    }), 'section.liquid');
  }

  for (const id of chrono) {
    const a = catalog.byId[id]!;
    const alternates = catalog.translations[id] ?? [];
    const links = catalog.links[id] ?? {};
    // The block is read from the site when the key is first asked for, not when the job is made:
    // a build plans its pages while the related blocks are still being computed (renderSite).
    let block: readonly string[] | undefined;
    const related = () => (block ??= site.related[id] ?? []);
    let key: string | undefined;
    yield {
      sitePath: a.urlPath,
      template: 'article.liquid',
      articleId: id,
      lastmod: articleLastmod(a),
      get key() {
        return (key ??= JSON.stringify([related(), alternates, links]));
      },
      get deps() {
        return [id, ...related()];
      },
      context: (s) => {
        // The article as the rendering site has it: the same id, perhaps edited words.
        const a = s.catalog.byId[id]!;
        return {
          page: meta('article', a.urlPath, a.title, a.excerpt, a.section, {
            lang: a.lang,
            social: articleSocial(a, config, s.images.sets),
            jsonld: [jsonForScript(newsArticleData(a, config, s.images.sets))],
            feeds: [...feedLinks(config, `${a.section}/`, `${config.sections.find((x) => x.slug === a.section)?.title ?? a.section} | ${config.name}`), ...paperFeeds],
            alternates: alternates.length ? [{ lang: a.lang, url: absolute(config, a.urlPath) }, ...alternates.map((t) => ({ lang: t.lang, url: absolute(config, t.urlPath) }))] : [],
          }),
          article: articleView(a, config, s.images, links),
          related: related().map(storyIn(s)),
        };
      },
    };
  }

  yield* taxonomies(site, meta);

  yield { sitePath: 'search/', template: 'search.liquid', key: '', deps: [], context: () => ({ page: meta('search', 'search/', 'Search', `Search every story in ${config.name}.`) }) };
  const newest5 = chrono.slice(0, 5);
  yield {
    sitePath: '404.html',
    template: '404.liquid',
    lastmod: undefined,
    key: JSON.stringify(newest5),
    deps: newest5,
    context: (s) => ({ page: meta('404', '404.html', 'Page not found', `This page of ${config.name} could not be found.`), latest: newest5.map(storyIn(s)) }),
  };
}

type Meta = (kind: PageMeta['kind'], sitePath: string, title: string, description: string, section?: string | null, extra?: Partial<PageMeta>) => PageMeta;

/** Tag, author and date archive pages, and the indexes of tags and authors. */
function* taxonomies(site: Site, meta: Meta): Generator<PageJob> {
  const { config, catalog } = site;
  // Newest first, looked up once for the four groupings.
  const published = catalog.chronology.map((id) => catalog.byId[id]!);
  const tags = group(published, (a) => a.tags, termSlug);
  const authors = group(published, (a) => a.authors, termSlug);
  const asIs = (key: string) => key;
  const parts = published.map((a) => calendarParts(a.date, config.timeZone));
  const months = group(published, (_, i) => [`${parts[i]!.year}/${parts[i]!.month}`], asIs);
  const years = group(published, (_, i) => [parts[i]!.year], asIs);

  for (const [slug, g] of tags) {
    yield* listing(site, `tags/${slug}/`, g.ids, (n) => ({
      page: meta('tag', pagePath(`tags/${slug}/`, n), n === 0 ? g.name : `${g.name}, page ${n}`, `Stories about ${g.name} from ${config.name}.`),
      heading: g.name,
      profile: null,
    }), 'taxonomy.liquid', g.name);
  }
  for (const [slug, g] of authors) {
    const p = site.authors[slug];
    // The profile is part of the pages' key: profiles are re-read on every build.
    const profileKey = p ? JSON.stringify([p.title, p.bioHtml, p.photo]) : '';
    yield* listing(site, `authors/${slug}/`, g.ids, (n) => ({
      page: meta('author', pagePath(`authors/${slug}/`, n), n === 0 ? g.name : `${g.name}, page ${n}`, p?.title ? `${g.name}, ${p.title}, ${config.name}.` : `Stories by ${g.name} in ${config.name}.`),
      heading: g.name,
      profile: p && n === 0 ? { title: p.title, bio: p.bioHtml, photo: p.photo ? { src: href(config, p.photo.src), alt: p.photo.alt } : null } : null,
    }), 'taxonomy.liquid', JSON.stringify([g.name, profileKey]));
  }
  for (const [key, g] of [...years, ...months]) {
    const label = key.includes('/') ? monthLabel(key, config.language) : key;
    yield* listing(site, `${key}/`, g.ids, (n) => ({
      page: meta('archive', pagePath(`${key}/`, n), n === 0 ? `Archive: ${label}` : `Archive: ${label}, page ${n}`, `Stories from ${label} in ${config.name}.`),
      heading: `Archive: ${label}`,
      profile: null,
    }));
  }
  const index = (kind: 'tags' | 'authors', title: string, groups: Map<string, Group>): PageJob => {
    const entries = [...groups.entries()].map(([slug, g]) => [slug, g.name, g.ids.length] as const);
    return {
      sitePath: `${kind}/`,
      template: 'index.liquid',
      lastmod: null,
      key: JSON.stringify(entries),
      deps: [],
      context: (s) => ({
        page: meta('index', `${kind}/`, title, `${title} in ${config.name}.`),
        heading: title,
        entries: [...entries]
          .sort((a, b) => a[1].localeCompare(b[1], config.language))
          .map(([slug, name, count]) => ({ name, url: href(config, `${kind}/${slug}/`), count })),
      }),
    };
  };
  yield index('tags', 'Topics', tags);
  yield index('authors', 'Writers', authors);
}

interface Group {
  readonly name: string;
  readonly ids: string[];
}

/** The articles (newest first) grouped by `slugOf` of each of `keys(article)`, as ids, each group newest first. */
function group(published: readonly Article[], keys: (a: Article, index: number) => readonly string[], slugOf: (key: string) => string): Map<string, Group> {
  const out = new Map<string, Group>();
  for (let i = 0; i < published.length; i++) {
    const a = published[i]!;
    for (const name of keys(a, i)) {
      const slug = slugOf(name);
      const g = out.get(slug);
      if (g) g.ids.push(a.id);
      else out.set(slug, { name, ids: [a.id] });
    }
  }
  return new Map([...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/**
 * A listing's pages rooted at `root` ("tags/floods/"): the newest stories at the root, older ones
 * on archive pages numbered from the oldest (listingPages). `context(n)` gets the page's number, 0
 * for the first page.
 */
function* listing(
  site: Site,
  root: string,
  ids: readonly string[],
  context: (n: number) => Record<string, unknown> & { page: PageMeta },
  template = 'taxonomy.liquid',
  /** Anything else the pages show that is not in the ids (a heading, a writer's profile). */
  extraKey = '',
): Generator<PageJob> {
  const { config, catalog } = site;
  const { first, archive } = listingPages(ids, config.pageSize);
  const newest = archive.length;
  const page = (n: number, slice: readonly string[], key: unknown): PageJob => ({
    sitePath: pagePath(root, n),
    template,
    lastmod: pageLastmod(catalog, slice),
    key: JSON.stringify([n, key, slice, extraKey]),
    deps: slice,
    context: (s) => ({
      ...context(n),
      stories: slice.map(storyIn(s)),
      pagination: paginationView(root, n, newest, config),
    }),
  });
  // The first page links to the newest archive page; an archive page only knows if it is the newest.
  yield page(0, first, newest);
  for (const [i, slice] of archive.entries()) yield page(i + 1, slice, i + 1 === newest);
}

/**
 * sitemap lastmod of a listing page: the latest publication or update among its stories, so a
 * full archive page keeps its lastmod for good.
 */
function pageLastmod(catalog: Catalog, ids: readonly string[]): string | null {
  let best: Article | null = null;
  let bestMs = -Infinity;
  for (const id of ids) {
    const a = catalog.byId[id]!;
    const ms = (modifiedOf(a) ?? a.date).epochMs;
    if (ms > bestMs) [best, bestMs] = [a, ms];
  }
  return best ? articleLastmod(best) : null;
}

function feedLinks(config: PaperConfig, root: string, title: string): { type: string; title: string; url: string }[] {
  if (config.baseUrl.startsWith('/')) return [];
  const p = feedPaths(root);
  return [
    { type: 'application/rss+xml', title: `${title} (RSS)`, url: href(config, p.rss) },
    { type: 'application/atom+xml', title: `${title} (Atom)`, url: href(config, p.atom) },
  ];
}

function monthLabel(key: string, language: string): string {
  const [y, m] = key.split('/');
  return new Intl.DateTimeFormat(language.startsWith('en') ? 'en-US' : language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(Number(y), Number(m) - 1, 15));
}
