// What a watch session keeps between builds, so that a save costs work in proportion to what it
// changed: the files as read, parsed articles, each page's key, the related blocks and the set of
// output files. A build with a session falls back to doing everything whenever something global
// (config, templates, theme assets, image sizes, the edition date) differs from the last build.
import type { StoredPart } from './search/parts.js';
import type { ParseCache } from './build.js';
import type { LoadedContent } from './load/index.js';
import type { Article, RelatedMap } from './model.js';
import type { PageJob, Site } from './render/jobs.js';
import type { Templates } from './render/templates.js';
import type { StoryView } from './render/view.js';

export interface BuildSession {
  /** Parsed articles by source path, keyed by config and file digest. */
  readonly parse: ParseCache;
  /** Story views of unchanged articles (valid while `global` is unchanged). */
  views: WeakMap<Article, StoryView>;
  /** The last good build, or null before the first one. */
  last: LastBuild | null;
  /** The content folder as last read, so a build can re-read only the changed files. */
  content: LoadedContent | null;
}

export interface LastBuild {
  /** Digest of everything that every page depends on. */
  readonly global: string;
  /** Each page's key, by site path. */
  readonly keys: ReadonlyMap<string, string>;
  /** Every output path written or kept. */
  readonly outputs: ReadonlySet<string>;
  /** Whether the related blocks and the search index match the content exactly. */
  readonly settled: boolean;
  /** What the pages were rendered from: config, catalog, related blocks (without the session's views). */
  readonly site: Site;
  readonly templates: Templates;
  /** The site globals as JSON (they hold the edition date, which moves with the clock). */
  readonly globals: string;
  /** Theme asset addresses (hashed names) the globals were made with. */
  readonly assetHrefs: Readonly<Record<string, string>>;
  /** Every page's job by site path, and the site paths of the pages that show each article. */
  readonly jobs: ReadonlyMap<string, PageJob>;
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** The next moment an embargo lifts or an article expires (Infinity: none). */
  readonly nextChange: number;
  /** The search index's parts as last written. */
  readonly searchParts: readonly StoredPart[];
}

/**
 * What of an article decides which pages exist and what they list, rather than what they say:
 * when an edit leaves it alone (new words, a new headline), only the pages showing the article
 * change. Dates are in it because listings are ordered by them.
 */
export function shapeOf(a: Article): string {
  return JSON.stringify([
    a.id, a.slug, a.urlPath, a.date.iso, a.updated?.iso ?? null, a.expires?.iso ?? null, a.draft, a.featured,
    a.section, a.tags, a.authors, a.related, a.relatedExclude, a.lang, a.translations,
    a.corrections.map((c) => c.date.iso), a.links, a.assets, a.image?.src ?? null,
  ]);
}

/** The first moment after `now` at which some article's publication changes. */
export function nextChange(articles: readonly Article[], now: number): number {
  let next = Infinity;
  for (const a of articles) {
    if (a.date.epochMs > now) next = Math.min(next, a.date.epochMs);
    if (a.expires && a.expires.epochMs > now) next = Math.min(next, a.expires.epochMs);
  }
  return next;
}

export function createSession(): BuildSession {
  return { parse: new Map(), views: new WeakMap(), last: null, content: null };
}

/** Each published article's source digest, by id. */
export function digestsOf(byId: Readonly<Record<string, Article>>): Map<string, string> {
  return new Map(Object.entries(byId).map(([id, a]) => [id, a.digest]));
}

/** Articles whose source differs between two builds (edited, added or removed), by digest. */
export function changedArticles(before: ReadonlyMap<string, string>, after: Readonly<Record<string, Article>>): Set<string> {
  const out = new Set<string>();
  for (const [id, a] of Object.entries(after)) if (before.get(id) !== a.digest) out.add(id);
  for (const id of before.keys()) if (!(id in after)) out.add(id);
  return out;
}

/**
 * Related blocks for a quick rebuild of a large paper: the last build's blocks, without articles
 * that are gone. New articles get an empty block. A settling build later computes them exactly.
 */
export function carriedRelated(last: RelatedMap, published: readonly string[], byId: Readonly<Record<string, Article>>): RelatedMap {
  const out: Record<string, readonly string[]> = {};
  for (const id of published) out[id] = (last[id] ?? []).filter((r) => r !== id && r in byId);
  return out;
}
