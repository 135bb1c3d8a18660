// Article[] -> Catalog: what is published, in what order, grouped by section; slug, URL and
// pin checks. Built once per build, then read-only.
import { buildError, type BuildError } from '../errors.js';
import type { Article, Catalog, PaperConfig } from '../model.js';

export interface CatalogOptions {
  /** Publish drafts too (preview builds). */
  readonly drafts: boolean;
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

  const published = accepted.filter((a) => options.drafts || !a.draft).sort(byDateDesc);
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
    catalog: { byId, chronology: published.map((a) => a.id), sections, bySlug: publishedSlugs },
    errors,
  };
}
