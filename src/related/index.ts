// The related-stories stage: catalog -> tiny documents -> the engine's index -> ids per article.
// Only published articles become documents, so drafts, embargoed and expired stories can never
// appear in a block.
import type { Catalog, RelatedConfig, RelatedMap } from '../model.js';
import { createRelatedIndex, type RelatedDoc, type RelatedIndex, type RelatedOptions } from './engine.js';

export type { Candidate, RelatedDoc, RelatedIndex, RelatedOptions, Retrieval } from './engine.js';
export { createRelatedIndex } from './engine.js';

export function relatedDocs(catalog: Catalog): RelatedDoc[] {
  const resolve = (id: string, slugs: readonly string[]) =>
    slugs.map((slug) => catalog.bySlug[slug]).filter((x): x is string => x !== undefined && x !== id);
  return catalog.chronology.map((id) => {
    const a = catalog.byId[id]!;
    return {
      id,
      slug: a.slug,
      section: a.section,
      tags: a.tags.map(norm),
      authors: a.authors.map(norm),
      epochMs: a.date.epochMs,
      terms: a.terms,
      pins: resolve(id, a.related),
      exclude: resolve(id, a.relatedExclude),
    };
  });
}

export function relatedOptions(config: RelatedConfig): RelatedOptions {
  return {
    count: config.count,
    weights: config.weights,
    minScore: config.minScore,
    includeNewer: config.includeNewer,
    recencyHalfLifeDays: config.recencyHalfLifeDays,
    maxDocShare: config.maxDocShare,
    // BM25 beat TF-IDF cosine, LSA and their blends on the labeled corpus (docs/related-quality.md).
    weighting: 'bm25',
    excludeSections: config.excludeSections,
  };
}

/** The engine's index over the published articles. */
export function relatedIndex(catalog: Catalog, config: RelatedConfig): RelatedIndex {
  return createRelatedIndex(relatedDocs(catalog), relatedOptions(config));
}

/** Every published article's block. */
export function relateAll(catalog: Catalog, config: RelatedConfig): RelatedMap {
  return inChronology(catalog, relateDocs(relatedDocs(catalog), relatedOptions(config)));
}

/** Every document's block by id, computed in the index's fastest order. */
export function relateDocs(docs: readonly RelatedDoc[], options: RelatedOptions): Map<string, readonly string[]> {
  const index = createRelatedIndex(docs, options);
  const blocks = new Map<string, readonly string[]>();
  for (const id of index.order) blocks.set(id, index.related(id));
  return blocks;
}

/**
 * relateAll in slices that give the event loop a turn, so a watch session's settling build can
 * stop as soon as a new save arrives (null when `signal` aborted it). Same blocks as relateAll.
 */
export async function relateAllUnlessAborted(catalog: Catalog, config: RelatedConfig, signal: AbortSignal): Promise<RelatedMap | null> {
  const index = relatedIndex(catalog, config);
  const blocks = new Map<string, readonly string[]>();
  const ids = index.order;
  for (let i = 0; i < ids.length; i++) {
    if (i % 256 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal.aborted) return null;
    }
    blocks.set(ids[i]!, index.related(ids[i]!));
  }
  return inChronology(catalog, blocks);
}

/** The map with its keys in the catalog's order, whatever order the blocks were computed in. */
function inChronology(catalog: Catalog, blocks: ReadonlyMap<string, readonly string[]>): RelatedMap {
  const map: Record<string, readonly string[]> = {};
  for (const id of catalog.chronology) map[id] = blocks.get(id)!;
  return map;
}

function norm(s: string): string {
  return s.trim().toLowerCase();
}
