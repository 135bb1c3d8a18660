// The search index in parts, so that publishing one article re-indexes a few hundred pages, not
// the archive. Article pages are put in publication order (oldest first, then URL) and cut into
// parts by position, like a binary counter: the number of full units of `size` pages is split
// into powers of two, largest (oldest) first, and the pages after the last full unit make one
// more, open part. With 10,001 pages and units of 500: 8,000 + 2,000 + 1. A new article lands in
// the open part, which is all that is indexed again; a full archive part changes only when one
// of its articles is edited or when parts merge (once per 2^k units). There are never more parts
// than bits in pages/size, plus one, which is what the search page loads (Pagefind's mergeIndex).
// Parts are capped (`search.max_part_size`): Pagefind holds about 250 KB a page while it
// indexes (4 GB for 16,000 pages, measured), so an uncapped 64,000-page part of a 100k archive
// needed 15 GB.
//
// The first part is the primary bundle at pagefind/; the others sit below it at
// pagefind/parts/<from>-<to>/, named by position so an unchanged part keeps its files.
import { createHash } from 'node:crypto';

export interface IndexedPage {
  /** URL below the base path, starting with "/". */
  readonly url: string;
  /** Publication time, epoch ms. */
  readonly published: number;
  /** What the page's indexed part depends on (the article's source digest). */
  readonly digest: string;
}

export interface SearchPart {
  /** Folder below the output folder, with a trailing slash ("pagefind/" for the first). */
  readonly dir: string;
  /** Digest of everything the part's index depends on: when it is unchanged, so are its files. */
  readonly key: string;
  readonly urls: readonly string[];
}

/** A part as a build left it: the next build keeps its files when its key is the same. */
export interface StoredPart {
  readonly dir: string;
  readonly key: string;
  /** Its files' output paths. */
  readonly files: readonly string[];
}

/** The file listing the other parts, in the primary bundle: ["parts/8000-10000/", ...]. */
export const PARTS_FILE = 'parts.json';
export const PRIMARY_DIR = 'pagefind/';

/**
 * Parts for `pages` (any order) at `size` pages a unit; `salt` is what every page's index
 * depends on besides its own article (config, templates, writers' profiles).
 */
export function planParts(pages: readonly IndexedPage[], size: number, salt: string, maxSize = Infinity): SearchPart[] {
  const sorted = [...pages].sort((a, b) => a.published - b.published || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const bounds: [number, number][] = [];
  let from = 0;
  let units = Math.floor(sorted.length / size);
  // No part grows past `maxSize` pages (rounded down to a power-of-two number of units): full
  // parts of that size come first, then the binary counter over the units left.
  const cap = 2 ** Math.floor(Math.log2(Math.max(1, Math.floor(maxSize / size))));
  while (units > cap) {
    bounds.push([from, from + cap * size]);
    from += cap * size;
    units -= cap;
  }
  for (let bit = 2 ** Math.floor(Math.log2(Math.max(1, units))); bit >= 1; bit /= 2) {
    if (units & bit) {
      bounds.push([from, from + bit * size]);
      from += bit * size;
    }
  }
  if (from < sorted.length || bounds.length === 0) bounds.push([from, sorted.length]);
  return bounds.map(([a, b], i) => {
    const slice = sorted.slice(a, b);
    const hash = createHash('sha256').update(salt);
    for (const p of slice) hash.update(`\n${p.url}\0${p.digest}`);
    return { dir: i === 0 ? PRIMARY_DIR : `${PRIMARY_DIR}parts/${a}-${b}/`, key: hash.digest('hex'), urls: slice.map((p) => p.url) };
  });
}

/** The other parts' folders as the search page merges them, relative to the primary bundle. */
export function partsList(parts: readonly SearchPart[]): string {
  return `${JSON.stringify(parts.slice(1).map((p) => p.dir.slice(PRIMARY_DIR.length)))}\n`;
}
