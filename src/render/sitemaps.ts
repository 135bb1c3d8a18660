// sitemap.xml (a sitemap index past 50,000 URLs) and news-sitemap.xml in Google News format:
// articles published in the 48 hours before the build, at most 1,000 per file. Written directly:
// three elements each, escaped here; the sitemap library streams asynchronously, which a pure,
// synchronous render stage has no use for.
import type { Article, Catalog, OutputFile, PaperConfig } from '../model.js';
import { modifiedOf } from './structured.js';
import { absolute } from './urls.js';

export const SITEMAP_LIMIT = 50_000;
export const NEWS_LIMIT = 1_000;
const NEWS_WINDOW_MS = 48 * 3_600_000;

export interface SitemapEntry {
  readonly sitePath: string;
  /** W3C datetime with offset, or null when the page has no date of its own. */
  readonly lastmod: string | null;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function sitemapFiles(config: PaperConfig, entries: readonly SitemapEntry[], limit = SITEMAP_LIMIT): OutputFile[] {
  const urlset = (list: readonly SitemapEntry[]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${list
      .map((e) => `  <url><loc>${escapeXml(absolute(config, e.sitePath))}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>\n`)
      .join('')}</urlset>\n`;
  return split(config, entries, limit, 'sitemap.xml', 'sitemaps/sitemap', urlset);
}

/** The first moment after `now` at which an article of `catalog` leaves the news window. */
export function newsWindowChange(catalog: Catalog, now: number): number {
  let next = Infinity;
  for (const id of catalog.chronology) {
    const a = catalog.byId[id]!;
    if (inNewsWindow(a, now)) next = Math.min(next, a.date.epochMs + NEWS_WINDOW_MS);
  }
  return next;
}

/** Google News lists articles published in the last two days. */
export function inNewsWindow(a: Article, now: number): boolean {
  return a.date.epochMs <= now && a.date.epochMs > now - NEWS_WINDOW_MS;
}

export function newsSitemapFiles(config: PaperConfig, catalog: Catalog, now: number, limit = NEWS_LIMIT): OutputFile[] {
  const recent = catalog.chronology.map((id) => catalog.byId[id]!).filter((a) => inNewsWindow(a, now));
  const urlset = (list: readonly Article[]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${list
      .map(
        (a) =>
          `  <url><loc>${escapeXml(absolute(config, a.urlPath))}</loc><news:news><news:publication><news:name>${escapeXml(config.name)}</news:name><news:language>${newsLanguage(a.lang)}</news:language></news:publication><news:publication_date>${a.date.iso}</news:publication_date><news:title>${escapeXml(a.title)}</news:title></news:news></url>\n`,
      )
      .join('')}</urlset>\n`;
  return split(config, recent, limit, 'news-sitemap.xml', 'sitemaps/news', urlset);
}

/** One file when the entries fit, else numbered parts and a sitemap index at `path`. */
function split<T>(config: PaperConfig, entries: readonly T[], limit: number, path: string, part: string, urlset: (list: readonly T[]) => string): OutputFile[] {
  if (entries.length <= limit) return [{ path, kind: 'text', content: urlset(entries) }];
  const files: OutputFile[] = [];
  for (let i = 0; i * limit < entries.length; i++) {
    files.push({ path: `${part}-${i + 1}.xml`, kind: 'text', content: urlset(entries.slice(i * limit, (i + 1) * limit)) });
  }
  return [{ path, kind: 'text', content: sitemapIndex(config, files.map((f) => f.path)) }, ...files];
}

function sitemapIndex(config: PaperConfig, paths: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${paths
    .map((p) => `  <sitemap><loc>${escapeXml(absolute(config, p))}</loc></sitemap>\n`)
    .join('')}</sitemapindex>\n`;
}

/** Google News wants ISO 639 codes, except zh-cn and zh-tw. */
function newsLanguage(lang: string): string {
  const lower = lang.toLowerCase();
  if (lower.startsWith('zh')) return lower.includes('tw') || lower.includes('hant') ? 'zh-tw' : 'zh-cn';
  return lower.split('-')[0]!;
}

/** lastmod of an article: its update or correction time, else its publication time. */
export function articleLastmod(a: Article): string {
  return (modifiedOf(a) ?? a.date).iso;
}
