// Corpus statistics built once per build, then read-only: a vocabulary, document frequencies,
// per-document term weights in compact typed arrays, and an inverted index.
//
// Each document's query terms (its `queryTerms` most telling) find its candidates, through
// postings that keep, for each term, only the `postingsPerTerm` documents where it weighs most;
// candidates are then scored exactly against whole vectors. A term that is no document's query
// term gets no postings.
//
// Two weightings are supported, both measured on the labeled corpus (docs/related-quality.md):
// - 'tfidf': (1 + ln tf) * ln(N / df), L2-normalized; the same weights on both sides (cosine).
// - 'bm25': Okapi BM25 with the whole article as the query: document side
//   idf * tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen)), query side 1 + ln tf.
import { GrowInt32 } from './grow.js';
import { IntIds } from './intern.js';
import { kthSmallest } from './select.js';

export type Weighting = 'tfidf' | 'bm25';

const K1 = 1.2;
const B = 0.75;
/** 1 + ln tf for the counts most terms have: a logarithm per entry was a fifth of the index build. */
const QUERY_WEIGHT = Float64Array.from({ length: 256 }, (_, tf) => 1 + Math.log(tf));

export interface VectorOptions {
  readonly weighting: Weighting;
  /** Terms in more than this share of the articles say nothing about a topic and are ignored. */
  readonly maxDocShare: number;
  /** Postings kept per term for finding candidates (exact scores use whole vectors). */
  readonly postingsPerTerm: number;
  /** Terms per document that find its candidates: those with the largest query weight x idf (default: all). */
  readonly queryTerms?: number;
}

export interface Vectors {
  /** Term hash per term id (see text/analyze.ts). */
  readonly terms: Int32Array;
  /** Inverse document frequency per term id (0 for ignored terms). */
  readonly idf: Float64Array;
  /** Document d's entries are docTerms/docWeights/queryWeights[docStart[d] .. docStart[d+1]). */
  readonly docStart: Int32Array;
  readonly docTerms: Int32Array;
  readonly docWeights: Float32Array;
  /** Query-side weights, same layout as docWeights (identical to it for 'tfidf'). */
  readonly queryWeights: Float32Array;
  /** Each document's score against itself, to bring text scores into [0, 1]. */
  readonly selfScore: Float32Array;
  /**
   * Document d's query terms, as entries (indexes into docTerms/queryWeights), in entry order:
   * queryEntries[queryStart[d] .. queryStart[d+1]).
   */
  readonly queryStart: Int32Array;
  readonly queryEntries: Int32Array;
  /** Each document's heaviest term (largest document x query weight, ties to the lower id), or -1. */
  readonly heaviest: Int32Array;
  /**
   * Term t's postings are postDocs/postWeights[postStart[t] .. postStart[t+1]) (at most
   * postingsPerTerm; none for a term that is no document's query term).
   */
  readonly postStart: Int32Array;
  readonly postDocs: Int32Array;
  readonly postWeights: Float32Array;
}

/** `texts[d]` is document d's analyzed terms: [hash, count, hash, count, ...]. */
export function buildVectors(texts: readonly Int32Array[], options: VectorOptions): Vectors {
  const n = texts.length;
  const ids = new IntIds();
  const terms = new GrowInt32();
  const df = new GrowInt32();
  // Arrays are sized exactly up front: growing by doubling would briefly need twice the memory,
  // which is what decides the peak at 100k articles.
  let total = 0;
  for (const t of texts) total += t.length >> 1;
  // Pass 1: vocabulary and document frequencies; each document's term ids kept compactly.
  const rawStart = new Int32Array(n + 1);
  const rawTerms = new Int32Array(total);
  // Each entry's count waits in the weights array until pass 2 replaces it by the weight, so that
  // pass 2 reads two arrays in order instead of every document's term list again.
  const docWeights = new Float32Array(total);
  let raw = 0;
  const length = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    rawStart[d] = raw;
    let len = 0;
    const pairs = texts[d]!;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const term = pairs[i]!;
      const count = pairs[i + 1]!;
      const id = ids.intern(term);
      if (id === terms.length) {
        terms.push(term);
        df.push(0);
      }
      df.set(id, df.get(id) + 1);
      docWeights[raw] = count;
      rawTerms[raw++] = id;
      len += count;
    }
    length[d] = len;
  }
  rawStart[n] = raw;
  const vocab = terms.length;
  const avgLength = length.reduce((a, b) => a + b, 0) / Math.max(1, n);

  const bm25 = options.weighting === 'bm25';
  const maxDf = Math.max(2, Math.floor(options.maxDocShare * n));
  const idf = new Float64Array(vocab);
  for (let t = 0; t < vocab; t++) {
    const f = df.get(t);
    // A term in one article cannot connect two; one in most articles connects everything.
    idf[t] = f < 2 || f > maxDf ? 0 : bm25 ? Math.log(1 + (n - f + 0.5) / (f + 0.5)) : Math.log(n / f);
  }

  // Pass 2: weights of the terms that count, in place of the raw counts; each document's query
  // terms, its `limit` most telling (largest query weight x idf, the most each can add to a
  // score), ties to the earlier entry, kept in entry order; and its heaviest term. One pass, so
  // that each entry is read once.
  const limit = options.queryTerms ?? Infinity;
  const docStart = new Int32Array(n + 1);
  // The term ids and counts are rewritten in place: pass 2 never reads an entry after writing
  // over it.
  const docTerms = rawTerms;
  const queryWeights = new Float32Array(total);
  const selfScore = new Float32Array(n);
  const heaviest = new Int32Array(n);
  const queryStart = new Int32Array(n + 1);
  const queryEntries = new Int32Array(Math.min(total, n * Math.min(limit, total)));
  const queried = new Uint8Array(vocab);
  let longest = 0;
  for (let d = 0; d < n; d++) longest = Math.max(longest, rawStart[d + 1]! - rawStart[d]!);
  const keys = new Float64Array(longest);
  const work = new Float64Array(longest);
  let used = 0;
  let chosen = 0;
  for (let d = 0; d < n; d++) {
    docStart[d] = used;
    const lengthNorm = K1 * (1 - B + (B * length[d]!) / avgLength);
    let norm = 0;
    for (let i = rawStart[d]!; i < rawStart[d + 1]!; i++) {
      const t = rawTerms[i]!;
      const f = idf[t]!;
      if (f === 0) continue;
      const tf = docWeights[i]!;
      const q = tf < QUERY_WEIGHT.length ? QUERY_WEIGHT[tf]! : 1 + Math.log(tf);
      const w = bm25 ? (f * tf * (K1 + 1)) / (tf + lengthNorm) : q * f;
      docTerms[used] = t;
      docWeights[used] = w;
      queryWeights[used++] = bm25 ? q : w;
      norm += w * w;
    }
    const from = docStart[d]!;
    if (!bm25 && norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = from; i < used; i++) {
        docWeights[i] = docWeights[i]! * scale;
        queryWeights[i] = queryWeights[i]! * scale;
      }
    }
    let self = 0;
    let best = -1;
    let bestWeight = -1;
    for (let i = from; i < used; i++) {
      const x = docWeights[i]! * queryWeights[i]!;
      self += x;
      keys[i - from] = queryWeights[i]! * idf[docTerms[i]!]!;
      if (x > bestWeight || (x === bestWeight && docTerms[i]! < best)) {
        bestWeight = x;
        best = docTerms[i]!;
      }
    }
    selfScore[d] = self;
    heaviest[d] = best;
    // The query terms: quickselect finds the cut-off, no sort, no comparator.
    const count = used - from;
    let cutoff = -Infinity;
    if (count > limit) {
      work.set(keys.subarray(0, count));
      cutoff = kthSmallest(work.subarray(0, count), count - limit);
    }
    const end = chosen + Math.min(count, limit);
    for (let k = 0; k < count && chosen < end; k++) {
      if (keys[k]! < cutoff) continue;
      queryEntries[chosen++] = from + k;
      queried[docTerms[from + k]!] = 1;
    }
    queryStart[d + 1] = chosen;
  }
  docStart[n] = used;
  // Views, not copies: a copy would briefly double the largest arrays.
  const dTerms = docTerms.subarray(0, used);
  const dWeights = docWeights.subarray(0, used);
  const qWeights = queryWeights.subarray(0, used);
  const postings = buildPostings(n, docStart, dTerms, dWeights, options.postingsPerTerm, queried, df.toArray());
  return { terms: terms.toArray(), idf, docStart, docTerms: dTerms, docWeights: dWeights, queryWeights: qWeights, selfScore, queryStart, queryEntries: queryEntries.subarray(0, chosen), heaviest, ...postings };
}

/**
 * For each term, the documents where it weighs most (at most `cap`, ties by document number), in
 * document order. A term in at most `cap` documents is copied straight to its place. A longer one
 * collects, in a buffer of 2 x cap, the entries that beat its current cut-off; when the buffer
 * fills, quickselect keeps the best `cap` and raises the cut-off, so most entries cost one
 * comparison and the buffer stays in document order. Scattering every entry into a full inverted
 * index first was the slowest part of the index build and its largest allocation. `df` is pass
 * 1's count, exact for every used term: a term's entries are all kept once its idf is above 0.
 */
function buildPostings(n: number, docStart: Int32Array, docTerms: Int32Array, docWeights: Float32Array, cap: number, used: Uint8Array, df: Int32Array) {
  const vocab = df.length;
  const postStart = new Int32Array(vocab + 1);
  // -2: no postings (no document's query term); -1: copied straight; otherwise its buffer.
  const bufferOf = new Int32Array(vocab).fill(-1);
  let buffers = 0;
  for (let t = 0; t < vocab; t++) {
    postStart[t + 1] = postStart[t]! + (used[t] ? Math.min(cap, df[t]!) : 0);
    if (!used[t]) bufferOf[t] = -2;
    else if (df[t]! > cap) bufferOf[t] = buffers++;
  }
  const postDocs = new Int32Array(postStart[vocab]!);
  const postWeights = new Float32Array(postStart[vocab]!);
  const fill = postStart.slice(0, vocab);
  const size = 2 * cap;
  const bufWeights = new Float32Array(buffers * size);
  const bufDocs = new Int32Array(buffers * size);
  const bufLength = new Int32Array(buffers);
  // Each buffer's cut-off, side by side so that checking it does not touch the buffer.
  const cutoff = new Float32Array(buffers).fill(-Infinity);
  // Float64, as every other caller of kthSmallest passes: one array type keeps it monomorphic.
  const work = new Float64Array(size);
  for (let d = 0; d < n; d++) {
    for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
      const t = docTerms[i]!;
      const b = bufferOf[t]!;
      const w = docWeights[i]!;
      if (b === -2) continue;
      if (b < 0) {
        const at = fill[t]!++;
        postDocs[at] = d;
        postWeights[at] = w;
      } else if (w > cutoff[b]!) {
        const at = b * size + bufLength[b]!++;
        bufWeights[at] = w;
        bufDocs[at] = d;
        if (bufLength[b] === size) {
          cutoff[b] = keepBest(bufWeights, bufDocs, b * size, size, cap, work);
          bufLength[b] = cap;
        }
      }
    }
  }
  for (let t = 0; t < vocab; t++) {
    const b = bufferOf[t]!;
    if (b < 0) continue;
    if (bufLength[b]! > cap) keepBest(bufWeights, bufDocs, b * size, bufLength[b]!, cap, work);
    postDocs.set(bufDocs.subarray(b * size, b * size + cap), postStart[t]!);
    postWeights.set(bufWeights.subarray(b * size, b * size + cap), postStart[t]!);
  }
  return { postStart, postDocs, postWeights };
}

/**
 * Compacts the buffer at [base, base + length) to its `cap` best entries in their order (entries
 * equal to the cut-off kept earliest first) and returns the cut-off: later documents must beat it.
 */
function keepBest(weights: Float32Array, docs: Int32Array, base: number, length: number, cap: number, work: Float64Array): number {
  work.set(weights.subarray(base, base + length));
  const threshold = kthSmallest(work.subarray(0, length), length - cap);
  let ties = cap;
  for (let i = base; i < base + length; i++) if (weights[i]! > threshold) ties--;
  let to = base;
  for (let i = base; i < base + length; i++) {
    const w = weights[i]!;
    if (w > threshold || (w === threshold && ties-- > 0)) {
      weights[to] = w;
      docs[to++] = docs[i]!;
    }
  }
  return threshold;
}
