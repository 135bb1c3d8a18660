// Read-only view records that templates see. Every field is present (null when absent) so that
// strict templates can tell a typo from an empty value.
import type { Article, ImageSets, ImageSizes, PaperConfig, Stamp } from '../model.js';
import { bodyPictures, imageView, type ImageView } from './picture.js';
import { formatStamp } from '../time.js';
import { termSlug } from './slugs.js';
import type { SocialMeta } from './structured.js';
import { absolute, href, pagePath } from './urls.js';
import { bodyOf } from '../load/spill.js';

export interface StampView {
  readonly iso: string;
  readonly label: string;
}

export interface StoryView {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly url: string;
  readonly excerpt: string;
  readonly summary: string | null;
  readonly section: { readonly slug: string; readonly title: string; readonly url: string };
  readonly authors: readonly { readonly name: string; readonly url: string }[];
  readonly byline: string | null;
  readonly kicker: string | null;
  /** The article's language, for lang attributes on stories in another language. */
  readonly lang: string;
  readonly dateline: string | null;
  readonly image: ImageView | null;
  readonly published: StampView;
  readonly updated: StampView | null;
  readonly featured: boolean;
}

export interface ArticleView extends StoryView {
  readonly tags: readonly { readonly name: string; readonly url: string }[];
  readonly body: string;
  readonly wordCount: number;
  readonly corrections: readonly { readonly date: StampView; readonly text: string }[];
  /** Where the corrections notice goes: "top" (under the headline) or "bottom" (after the body). */
  readonly correctionsAt: 'top' | 'bottom';
}

export interface PaginationView {
  /** The archive page's number, counted from the oldest; null on the listing's first page. */
  readonly number: number | null;
  /** Newer stories (rel=prev) and older stories (rel=next). */
  readonly prev: string | null;
  readonly next: string | null;
  /**
   * The first page (number null), then archive page numbers newest first, with a gap (url null)
   * where numbers are left out. Words such as "Latest" are the template's.
   */
  readonly pages: readonly { readonly number: number | null; readonly url: string | null; readonly current: boolean; readonly gap: boolean }[];
}

export function stampView(stamp: Stamp, config: PaperConfig, lang = config.language): StampView {
  return { iso: stamp.iso, label: formatStamp(stamp, config.timeZone, lang) };
}

/** Images as render sees them: variant sets of processed images, pixel sizes of the others. */
export interface SiteImages {
  readonly sets: ImageSets;
  readonly sizes: ImageSizes;
}

export function storyView(a: Article, config: PaperConfig, images: SiteImages): StoryView {
  const section = config.sections.find((s) => s.slug === a.section)!;
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    url: href(config, a.urlPath),
    excerpt: a.excerpt,
    summary: a.summary,
    section: { slug: section.slug, title: section.title, url: href(config, `${section.slug}/`) },
    authors: a.authors.map((name) => ({ name, url: href(config, `authors/${termSlug(name)}/`) })),
    byline: joinNames(a.authors),
    kicker: a.kicker,
    lang: a.lang,
    dateline: a.dateline,
    image: a.image ? imageView(a.image, config, images.sets, images.sizes) : null,
    published: stampView(a.date, config, a.lang),
    updated: a.updated ? stampView(a.updated, config, a.lang) : null,
    featured: a.featured,
  };
}

/** `links` maps the body's link placeholders to permalinks (null: the target is not published). */
export function articleView(a: Article, config: PaperConfig, images: SiteImages, links: Readonly<Record<string, string | null>>): ArticleView {
  let body = bodyPictures(bodyOf(a), a, config, images.sets);
  for (const [token, target] of Object.entries(links)) {
    const attr = `href="${token}"`;
    // An unpublished target keeps the words but loses the address, so nothing of it leaks.
    body = body.split(attr).join(target === null ? '' : `href="${escapeAttr(href(config, target.split('#')[0]!) + (target.includes('#') ? target.slice(target.indexOf('#')) : ''))}"`);
  }
  return {
    ...storyView(a, config, images),
    tags: a.tags.map((name) => ({ name, url: href(config, `tags/${termSlug(name)}/`) })),
    body,
    wordCount: a.wordCount,
    corrections: a.corrections.map((c) => ({ date: stampView(c.date, config, a.lang), text: c.text })),
    correctionsAt: config.correctionsAt,
  };
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * Navigation of a listing paginated by listingPages: `number` is the archive page's number (0 for
 * the first page), `newest` the newest archive page's number (0: none). An archive page's links
 * depend only on its own number and on whether it is the newest: older neighbours never go away,
 * and the only newer neighbour shown is the next one, so a new archive page changes the
 * navigation of one other page only. The first page changes with every story anyway.
 */
export function paginationView(root: string, number: number, newest: number, config: PaperConfig): PaginationView {
  const url = (n: number) => href(config, pagePath(root, n));
  const link = (n: number) => ({ number: n === 0 ? null : n, url: url(n), current: n === number, gap: false });
  const pages: PaginationView['pages'][number][] = [link(0)];
  const top = number === 0 ? newest : Math.min(number + 1, newest);
  const bottom = Math.max(1, (number === 0 ? newest : number) - 2);
  for (let n = top; n >= bottom; n--) pages.push(link(n));
  if (bottom > 2) pages.push({ number: null, url: null, current: false, gap: true });
  if (bottom > 1) pages.push(link(1));
  return {
    number: number === 0 ? null : number,
    prev: number === 0 ? null : url(number === newest ? 0 : number + 1),
    next: number === 0 ? (newest > 0 ? url(newest) : null) : number > 1 ? url(number - 1) : null,
    pages,
  };
}

export interface PageMeta {
  readonly kind: 'front' | 'list' | 'section' | 'article' | 'search' | '404' | 'tag' | 'author' | 'archive' | 'index';
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly canonical: string;
  /** Section slug the page belongs to, for highlighting the navigation. */
  readonly section: string | null;
  /** The page's language (an article's own, else the paper's). */
  readonly lang: string;
  readonly social: SocialMeta | null;
  /** JSON-LD blocks, already escaped for a <script> element (output with | raw). */
  readonly jsonld: readonly string[];
  /** Feeds to announce with <link rel="alternate">. */
  readonly feeds: readonly { readonly type: string; readonly title: string; readonly url: string }[];
  /** Versions in other languages, for <link rel="alternate" hreflang>. */
  readonly alternates: readonly { readonly lang: string; readonly url: string }[];
}

export function pageMeta(
  config: PaperConfig,
  kind: PageMeta['kind'],
  sitePath: string,
  title: string,
  description: string,
  section: string | null = null,
  extra: Partial<PageMeta> = {},
): PageMeta {
  return {
    kind,
    title,
    description,
    url: href(config, sitePath),
    canonical: absolute(config, sitePath),
    section,
    lang: config.language,
    social: null,
    jsonld: [],
    feeds: [],
    alternates: [],
    ...extra,
  };
}

/** "A", "A and B", "A, B and C". */
function joinNames(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
