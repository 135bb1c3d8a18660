// The ranking methods compared on the labeled corpus. Only the winner ships (src/related/);
// the rest live here so the comparison can be re-run: `npm run eval:related`.
import { createRelatedIndex, type RelatedDoc, type RelatedOptions } from '../../src/related/index.js';
import { authorSimilarity, combine, recency, sameSection, tagSimilarity, type Weights } from '../../src/related/score.js';
import { buildVectors, type Vectors, type Weighting } from '../../src/related/vectors.js';

export type Ranking = Map<string, string[]>;
const DEPTH = 10;

/** Sort candidates by score, ties newest first then slug (as the engine does). */
function rankAll(docs: readonly RelatedDoc[], score: (q: number, c: number) => number): Ranking {
  const out: Ranking = new Map();
  docs.forEach((doc, q) => {
    const scored = docs.map((_, c) => c).filter((c) => c !== q).map((c) => ({ c, s: score(q, c) }));
    scored.sort((x, y) => y.s - x.s || docs[y.c]!.epochMs - docs[x.c]!.epochMs || (docs[x.c]!.slug < docs[y.c]!.slug ? -1 : 1));
    out.set(doc.id, scored.slice(0, DEPTH).map((x) => docs[x.c]!.id));
  });
  return out;
}

/** Label lists as sorted id arrays plus an idf per id, as the engine scores them. */
function labels(docs: readonly RelatedDoc[], pick: (d: RelatedDoc) => readonly string[]) {
  const map = new Map<string, number>();
  const df: number[] = [];
  const ids = docs.map((d) => {
    const out = [...new Set(pick(d))].map((name) => {
      let id = map.get(name);
      if (id === undefined) {
        id = df.length;
        map.set(name, id);
        df.push(0);
      }
      df[id]!++;
      return id;
    });
    return Int32Array.from(out).sort();
  });
  return { ids, idf: Float64Array.from(df, (f) => Math.log(1 + docs.length / f)) };
}

export const newest = (docs: readonly RelatedDoc[]) => rankAll(docs, (q, c) => -Math.abs(docs[q]!.epochMs - docs[c]!.epochMs));

export const tagsOnly = (docs: readonly RelatedDoc[]) => {
  const t = labels(docs, (d) => d.tags);
  return rankAll(docs, (q, c) => tagSimilarity(t.ids[q]!, t.ids[c]!, t.idf));
};

/** Any weighted mix of the score parts, scoring every pair (no retrieval shortcuts). */
export function exhaustive(docs: readonly RelatedDoc[], w: Weights, maxDocShare = 0.5, halfLife = 30, weighting: Weighting = 'tfidf'): Ranking {
  const v = buildVectors(docs.map((d) => d.terms), { weighting, maxDocShare, postingsPerTerm: 1 });
  const t = labels(docs, (d) => d.tags);
  const au = labels(docs, (d) => d.authors);
  return rankAll(docs, (q, c) => {
    const a = docs[q]!;
    const b = docs[c]!;
    const text = w.text ? dot(v, q, c) / (v.selfScore[q] || 1) : 0;
    return combine(
      { text, tags: tagSimilarity(t.ids[q]!, t.ids[c]!, t.idf), section: sameSection(a.section, b.section), authors: authorSimilarity(au.ids[q]!, au.ids[c]!), recency: recency(a.epochMs, b.epochMs, halfLife) },
      w,
    );
  });
}

/** The shipped engine, retrieval shortcuts included. */
export function engine(docs: readonly RelatedDoc[], options: RelatedOptions): Ranking {
  const index = createRelatedIndex(docs, { ...options, count: DEPTH, minScore: 0.000001 });
  return new Map(docs.map((d) => [d.id, index.related(d.id)]));
}

/** TF-IDF cosine with the query cut to its `k` heaviest terms. */
export function truncatedQuery(docs: readonly RelatedDoc[], k: number): Ranking {
  const v = buildVectors(docs.map((d) => d.terms), { weighting: 'tfidf', maxDocShare: 0.5, postingsPerTerm: 1 });
  const heavy = docs.map((_, q) => {
    const entries: [number, number][] = [];
    for (let i = v.docStart[q]!; i < v.docStart[q + 1]!; i++) entries.push([v.docTerms[i]!, v.docWeights[i]!]);
    return new Map(entries.sort((a, b) => b[1] - a[1]).slice(0, k));
  });
  return rankAll(docs, (q, c) => {
    let s = 0;
    for (let i = v.docStart[c]!; i < v.docStart[c + 1]!; i++) s += (heavy[q]!.get(v.docTerms[i]!) ?? 0) * v.docWeights[i]!;
    return s;
  });
}

/** Latent semantic analysis: TF-IDF reduced to `k` dimensions by a seeded randomized SVD. */
export function lsaVectors(docs: readonly RelatedDoc[], k: number): Float64Array[] {
  const v = buildVectors(docs.map((d) => d.terms), { weighting: 'tfidf', maxDocShare: 0.5, postingsPerTerm: 1 });
  const n = docs.length;
  const vocab = v.terms.length;
  const p = k + 10;
  const rand = mulberry32(42);
  // Y = X * Omega, then two power iterations Y = X (X^T Y) for a sharper spectrum.
  let y: Float64Array[] = Array.from({ length: n }, () => new Float64Array(p));
  const omega = Array.from({ length: vocab }, () => Float64Array.from({ length: p }, () => gauss(rand)));
  const mulX = (right: Float64Array[]) => {
    const out = Array.from({ length: n }, () => new Float64Array(p));
    for (let d = 0; d < n; d++) for (let i = v.docStart[d]!; i < v.docStart[d + 1]!; i++) {
      const row = right[v.docTerms[i]!]!;
      const w = v.docWeights[i]!;
      for (let j = 0; j < p; j++) out[d]![j]! += w * row[j]!;
    }
    return out;
  };
  const mulXt = (left: Float64Array[]) => {
    const out = Array.from({ length: vocab }, () => new Float64Array(p));
    for (let d = 0; d < n; d++) for (let i = v.docStart[d]!; i < v.docStart[d + 1]!; i++) {
      const row = out[v.docTerms[i]!]!;
      const w = v.docWeights[i]!;
      for (let j = 0; j < p; j++) row[j]! += w * left[d]![j]!;
    }
    return out;
  };
  y = mulX(omega);
  for (let it = 0; it < 2; it++) y = mulX(mulXt(orthonormalize(y)));
  const qm = orthonormalize(y);
  // B = Q^T X (p x vocab) -> eigen-decompose B B^T (p x p) with Jacobi.
  const bt = mulXt(qm);
  const bbt = Array.from({ length: p }, (_, a) => Float64Array.from({ length: p }, (_, b) => {
    let s = 0;
    for (let t = 0; t < vocab; t++) s += bt[t]![a]! * bt[t]![b]!;
    return s;
  }));
  const { values, vectors } = jacobi(bbt);
  const order = values.map((val, i) => [val, i] as const).sort((x, z) => z[0] - x[0]).slice(0, k);
  // Document embedding = Q * U_b * S; normalized for cosine.
  return qm.map((row) => {
    const e = Float64Array.from(order, ([val, i]) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += row[j]! * vectors[j]![i]!;
      return s * Math.sqrt(Math.max(val, 0));
    });
    const norm = Math.hypot(...e) || 1;
    return e.map((x) => x / norm);
  });
}

export function lsa(docs: readonly RelatedDoc[], k: number): Ranking {
  const e = lsaVectors(docs, k);
  return rankAll(docs, (q, c) => dense(e[q]!, e[c]!));
}

/** TF-IDF cosine blended with LSA cosine: alpha * tfidf + (1 - alpha) * lsa. */
export function blend(docs: readonly RelatedDoc[], k: number, alpha: number): Ranking {
  const v = buildVectors(docs.map((d) => d.terms), { weighting: 'tfidf', maxDocShare: 0.5, postingsPerTerm: 1 });
  const e = lsaVectors(docs, k);
  return rankAll(docs, (q, c) => alpha * dot(v, q, c) + (1 - alpha) * dense(e[q]!, e[c]!));
}

/** Re-ranking by pseudo-relevance feedback (Rocchio): the query grows by the mean of its top m. */
export function rocchio(docs: readonly RelatedDoc[], m: number, beta: number): Ranking {
  const v = buildVectors(docs.map((d) => d.terms), { weighting: 'tfidf', maxDocShare: 0.5, postingsPerTerm: 1 });
  const first = rankAll(docs, (q, c) => dot(v, q, c));
  const index = new Map(docs.map((d, i) => [d.id, i]));
  return rankAll(docs, (q, c) => {
    let s = dot(v, q, c);
    for (const id of first.get(docs[q]!.id)!.slice(0, m)) s += (beta / m) * dot(v, index.get(id)!, c);
    return s;
  });
}

const queries = new WeakMap<Vectors, Map<number, Map<number, number>>>();

/** Query side of a times document side of b, over the terms they share. */
export function dot(v: Vectors, a: number, b: number): number {
  let cache = queries.get(v);
  if (!cache) queries.set(v, (cache = new Map()));
  let q = cache.get(a);
  if (!q) {
    q = new Map();
    for (let i = v.docStart[a]!; i < v.docStart[a + 1]!; i++) q.set(v.docTerms[i]!, v.queryWeights[i]!);
    cache.set(a, q);
  }
  let s = 0;
  for (let i = v.docStart[b]!; i < v.docStart[b + 1]!; i++) s += (q.get(v.docTerms[i]!) ?? 0) * v.docWeights[i]!;
  return s;
}

function dense(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function orthonormalize(cols: Float64Array[]): Float64Array[] {
  // Modified Gram-Schmidt over the p columns of an n x p matrix stored by rows.
  const n = cols.length;
  const p = cols[0]!.length;
  const out = cols.map((r) => Float64Array.from(r));
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += out[i]![j]! * out[i]![k]!;
      for (let i = 0; i < n; i++) out[i]![j]! -= d * out[i]![k]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += out[i]![j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) out[i]![j]! /= norm;
  }
  return out;
}

function jacobi(a: Float64Array[]): { values: number[]; vectors: Float64Array[] } {
  const n = a.length;
  const m = a.map((r) => Float64Array.from(r));
  const v = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += m[i]![j]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      if (Math.abs(m[p]![q]!) < 1e-15) continue;
      const theta = (m[q]![q]! - m[p]![p]!) / (2 * m[p]![q]!);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < n; k++) {
        const mkp = m[k]![p]!;
        const mkq = m[k]![q]!;
        m[k]![p] = c * mkp - s * mkq;
        m[k]![q] = s * mkp + c * mkq;
      }
      for (let k = 0; k < n; k++) {
        const mpk = m[p]![k]!;
        const mqk = m[q]![k]!;
        m[p]![k] = c * mpk - s * mqk;
        m[q]![k] = s * mpk + c * mqk;
      }
      for (let k = 0; k < n; k++) {
        const vkp = v[k]![p]!;
        const vkq = v[k]![q]!;
        v[k]![p] = c * vkp - s * vkq;
        v[k]![q] = s * vkp + c * vkq;
      }
    }
  }
  return { values: m.map((r, i) => r[i]!), vectors: v };
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}
