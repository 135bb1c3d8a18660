// Stable pagination. A listing's first page shows its newest stories; the older ones fill archive
// pages counted from the oldest, so a full archive page never changes again and one new story
// rewrites only the first page and the newest archive page (and, when that fills, the one before).

export interface ListingPages {
  /** The newest `size` ids, newest first: the listing's first page. */
  readonly first: readonly string[];
  /**
   * The other ids in archive pages, oldest page first: `archive[k - 1]` is page k, its ids newest
   * first. Every page holds `size` ids but the last (the newest), which may hold fewer.
   */
  readonly archive: readonly (readonly string[])[];
}

/** Splits `ids` (newest first) into a first page and archive pages; each id lands on exactly one. */
export function listingPages(ids: readonly string[], size: number): ListingPages {
  if (!(size >= 1)) throw new Error(`page size must be at least 1, got ${size}`);
  const first = ids.slice(0, size);
  const rest = ids.length - first.length;
  const archive: string[][] = [];
  // Counted from the oldest end: page k holds the ids at distance (k-1)*size .. k*size-1 from it.
  for (let start = 0; start < rest; start += size) {
    const end = Math.min(start + size, rest);
    archive.push(ids.slice(ids.length - end, ids.length - start));
  }
  return { first, archive };
}
