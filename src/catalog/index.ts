// Article[] -> Catalog: what is published, in what order, grouped by section; slug, URL and
// pin checks. Built once per build, then read-only.
import { buildError, type BuildError } from '../errors.js';
import type { Article, Catalog, PaperConfig } from '../model.js';

export interface CatalogOptions {
  /** Publish drafts too (preview builds). */
  readonly drafts: boolean;
  /** Publish articles dated after `now` too (embargo previews). */
  readonly future?: boolean;
  /** Build time, epoch ms: embargoes lift and expiries fall at this clock. */
  readonly now?: number;
}

/** Published at `now`: not a draft, its date reached (the embargo lifted), not expired. */
export function isPublished(a: Article, options: CatalogOptions): boolean {
  const now = options.now ?? Number.POSITIVE_INFINITY;
  if (a.draft && !options.drafts) return false;
  if (a.date.epochMs > now && !options.future) return false;
  if (a.expires && a.expires.epochMs <= now) return false;
  return true;
}

/** Newest first; equal times by slug so the order never depends on file order. */
export function byDateDesc(a: Article, b: Article): number {
  return b.date.epochMs - a.date.epochMs || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

export function buildCatalog(
  articles: readonly Article[],
  config: PaperConfig,
  options: CatalogOptions,
): { catalog: Catalog; errors: BuildError[] } {
  const errors: BuildError[] = [];
  const all = [...articles].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bySlug: Record<string, string> = {};
  const byUrl = new Map<string, Article>();
  // A duplicate is reported and left out, so the first article keeps its slug and URL.
  const accepted: Article[] = [];
  for (const a of all) {
    const first = bySlug[a.slug];
    if (first !== undefined) {
      errors.push(buildError('catalog/duplicate-slug', { file: a.sourcePath, ...a.positions.slug }, `slug "${a.slug}" is already used by ${first}`));
      continue;
    }
    bySlug[a.slug] = a.id;
    const other = byUrl.get(a.urlPath);
    if (other) {
      errors.push(buildError('catalog/duplicate-permalink', { file: a.sourcePath, ...a.positions.slug }, `URL /${a.urlPath} is already used by ${other.id}`));
      continue;
    }
    byUrl.set(a.urlPath, a);
    accepted.push(a);
  }
  const sectionSlugs = new Set(config.sections.map((s) => s.slug));
  for (const a of all) {
    a.related.forEach((slug, i) => {
      if (bySlug[slug] === undefined) {
        const pos = a.positions.related[i] ?? { line: 1, column: 1 };
        errors.push(buildError('catalog/unknown-pin', { file: a.sourcePath, ...pos }, `"related" pins "${slug}", but no article has that slug`));
      }
    });
    a.relatedExclude.forEach((slug, i) => {
      if (bySlug[slug] === undefined) {
        const pos = a.positions.relatedExclude[i] ?? { line: 1, column: 1 };
        errors.push(buildError('catalog/unknown-pin', { file: a.sourcePath, ...pos }, `"related_exclude" names "${slug}", but no article has that slug`));
      }
    });
    const first = a.urlPath.split('/')[0] ?? '';
    if (!config.permalink.startsWith('/:section/') && (sectionSlugs.has(first) || first === 'page' || first === 'assets')) {
      errors.push(buildError('catalog/unsafe-permalink', { file: a.sourcePath, ...a.positions.slug }, `URL /${a.urlPath} would overwrite a site page`));
    }
  }

  const published = accepted.filter((a) => isPublished(a, options)).sort(byDateDesc);
  const isLive = new Set(published.map((a) => a.id));
  const byRel = new Map(accepted.map((a) => [a.id, a]));
  const bySlugAll = new Map(accepted.map((a) => [a.slug, a]));
  const links: Record<string, Record<string, string | null>> = {};
  const translations: Record<string, { lang: string; urlPath: string }[]> = {};
  for (const a of accepted) {
    const resolved: Record<string, string | null> = {};
    for (const link of a.links) {
      const target = link.target.kind === 'path' ? byRel.get(link.target.value) : bySlugAll.get(link.target.value);
      if (!target) {
        const what = link.target.kind === 'path' ? `the file ${link.target.value}` : `the slug "${link.target.value}"`;
        errors.push(buildError('catalog/broken-link', { file: a.sourcePath, line: link.line, column: link.column }, `a link points to ${what}, but there is no such article`));
        continue;
      }
      // A link to an unpublished article keeps its text but loses its address: nothing leaks.
      resolved[link.token] = isLive.has(target.id) ? `${target.urlPath}${link.fragment}` : null;
    }
    links[a.id] = resolved;
  }
  // Translations go both ways even when only one side names the other (hreflang needs return links).
  const pairs = new Map<string, Set<string>>();
  const pair = (x: string, y: string) => {
    if (!pairs.has(x)) pairs.set(x, new Set());
    pairs.get(x)!.add(y);
  };
  for (const a of accepted) {
    a.translations.forEach((slug, i) => {
      const t = bySlugAll.get(slug);
      if (!t) {
        const pos = a.positions.translations[i] ?? { line: 1, column: 1 };
        errors.push(buildError('catalog/unknown-pin', { file: a.sourcePath, ...pos }, `"translations" names "${slug}", but no article has that slug`));
      } else if (t.id !== a.id) {
        pair(a.id, t.id);
        pair(t.id, a.id);
      }
    });
  }
  for (const a of accepted) {
    translations[a.id] = [...(pairs.get(a.id) ?? [])]
      .filter((id) => isLive.has(id))
      .sort()
      .map((id) => ({ lang: byRel.get(id)!.lang, urlPath: byRel.get(id)!.urlPath }));
  }
  const byId: Record<string, Article> = {};
  const sections: Record<string, string[]> = {};
  for (const s of config.sections) sections[s.slug] = [];
  for (const a of published) {
    byId[a.id] = a;
    sections[a.section]?.push(a.id);
  }
  const publishedSlugs: Record<string, string> = {};
  for (const a of published) publishedSlugs[a.slug] = a.id;
  return {
    catalog: { byId, chronology: published.map((a) => a.id), sections, bySlug: publishedSlugs, links, translations },
    errors,
  };
}
