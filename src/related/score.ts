// The parts of a related-stories score, each a small pure function in [0, 1], so that each can
// be tested alone and shown to an editor by `build-paper related --explain`. Tags and bylines
// arrive as sorted id arrays so that scoring a pair allocates nothing.

export interface Weights {
  readonly text: number;
  readonly tags: number;
  readonly section: number;
  readonly authors: number;
  readonly recency: number;
}

export interface ScoreParts {
  readonly text: number;
  readonly tags: number;
  readonly section: number;
  readonly authors: number;
  readonly recency: number;
}

const DAY_MS = 86_400_000;

/**
 * Shared tags, a rare tag counting for more than a common one: the cosine of the two tag sets
 * weighted by each tag's inverse document frequency. `a` and `b` are sorted tag ids.
 */
export function tagSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, idf: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) na += idf[a[i]!]! ** 2;
  for (let j = 0; j < b.length; j++) nb += idf[b[j]!]! ** 2;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared += idf[a[i]!]! ** 2;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return na > 0 && nb > 0 ? shared / Math.sqrt(na * nb) : 0;
}

/** Shared bylines: cosine of the two author sets (sorted ids). */
export function authorSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / Math.sqrt(a.length * b.length);
}

export function sameSection(a: string, b: string): number {
  return a === b ? 1 : 0;
}

/** 1 for the same moment, halving every `halfLifeDays`. */
export function recency(aMs: number, bMs: number, halfLifeDays: number): number {
  if (halfLifeDays <= 0) return 0;
  // e^(-x ln 2) rather than 2^-x: Math.exp costs a fraction of Math.pow, in the scoring loop.
  return Math.exp(-Math.abs(aMs - bMs) * (Math.LN2 / (halfLifeDays * DAY_MS)));
}

export function combine(parts: ScoreParts, w: Weights): number {
  return w.text * parts.text + w.tags * parts.tags + w.section * parts.section + w.authors * parts.authors + w.recency * parts.recency;
}
