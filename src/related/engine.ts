// The related-stories engine: an index built once over a tiny document record, then queried per
// article. Candidates come from the postings of the article's most telling terms and from its
// tags; each candidate is then scored exactly with the whole article as the query, and the
// editors' rules are applied.
import { authorSimilarity, combine, recency, sameSection, tagSimilarity, type ScoreParts, type Weights } from './score.js';
import { kthSmallest } from './select.js';
import { buildVectors, type Vectors, type Weighting } from './vectors.js';

export interface RelatedDoc {
  readonly id: string;
  readonly slug: string;
  readonly section: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly epochMs: number;
  /** Analyzed terms of headline, dek and body: [hash, count, ...] (text/analyze.ts). */
  readonly terms: Int32Array;
  /** Ids an editor pinned, in order. */
  readonly pins: readonly string[];
  /** Ids an editor never wants in this article's block. */
  readonly exclude: readonly string[];
}

export interface SectionRule {
  /** Sections never recommended ... */
  readonly sections: readonly string[];
  /** ... on pages of these sections (null: on every page). */
  readonly from: readonly string[] | null;
}

export interface RelatedOptions {
  readonly count: number;
  readonly weights: Weights;
  /** Candidates scoring below this are dropped, and then the block is not backfilled. */
  readonly minScore: number;
  readonly includeNewer: boolean;
  readonly recencyHalfLifeDays: number;
  readonly maxDocShare: number;
  readonly weighting: Weighting;
  readonly excludeSections: readonly SectionRule[];
  /** Override the retrieval budget (benchmarks compare against scoring every pair). */
  readonly retrieval?: Partial<Retrieval>;
}

export interface Retrieval {
  /** The query's most telling terms (weight x idf) used to find candidates. */
  readonly queryTerms: number;
  /** Postings kept per term: the documents where it weighs most. */
  readonly postingsPerTerm: number;
  /** Best partial matches that are then scored exactly, with the whole article as the query. */
  readonly textCandidates: number;
  /** Articles sharing a tag, nearest in time, added per tag. */
  readonly perTag: number;
  /**
   * Of all candidates, those with the best lower bound of their score (the partial text match
   * plus the metadata parts) that are scored exactly with the whole article.
   */
  readonly scored: number;
}

export interface Candidate {
  readonly id: string;
  readonly score: number;
  readonly parts: ScoreParts;
  readonly reason: 'pin' | 'score' | 'backfill-section' | 'backfill-newest';
}

export interface RelatedIndex {
  /**
   * Every id in the order that computes all blocks fastest: articles with the same heaviest term
   * next to each other, so that one block's candidates and postings are still in the CPU's cache
   * for the next. Blocks do not depend on the order they are asked for in.
   */
  readonly order: readonly string[];
  /** The block for one article: ids in display order. */
  related(id: string): string[];
  /** The block with each entry's score broken into parts. */
  explain(id: string): Candidate[];
  /** Terms both articles share (as term hashes), with each one's share of the text score. */
  sharedTerms(a: string, b: string, limit: number): { hash: number; weight: number }[];
  /** Tags both share, with their weights (rarer tags weigh more). */
  sharedTags(a: string, b: string): { tag: string; weight: number }[];
}

/** Retrieval budget, chosen by measurement (docs/related-quality.md, docs/benchmarks-related.md). */
export const RETRIEVAL: Retrieval = { queryTerms: 32, postingsPerTerm: 128, textCandidates: 50, perTag: 8, scored: 32 };

export function createRelatedIndex(docs: readonly RelatedDoc[], options: RelatedOptions): RelatedIndex {
  const n = docs.length;
  const budget: Retrieval = { ...RETRIEVAL, ...options.retrieval };
  const byId = new Map<string, number>();
  docs.forEach((d, i) => byId.set(d.id, i));
  const vectors = buildVectors(
    docs.map((d) => d.terms),
    { weighting: options.weighting, maxDocShare: options.maxDocShare, postingsPerTerm: budget.postingsPerTerm, queryTerms: budget.queryTerms },
  );
  const tags = internLabels(docs.map((d) => d.tags));
  const authors = internLabels(docs.map((d) => d.authors));
  const tagIdf = Float64Array.from(tags.df, (f) => Math.log(1 + n / Math.max(1, f)));
  const tagPostings = postingsByTime(docs, tags.ids, tags.names.length);
  // Newest first, then slug: the one order used for ties and for backfill.
  const newest = docs.map((_, i) => i).sort((a, b) => docs[b]!.epochMs - docs[a]!.epochMs || (docs[a]!.slug < docs[b]!.slug ? -1 : docs[a]!.slug > docs[b]!.slug ? 1 : 0));
  const rank = new Int32Array(n);
  newest.forEach((d, r) => (rank[d] = r));
  const scratch = new Float32Array(vectors.terms.length);
  const acc = new Float32Array(n);
  // The posting ranges a query read: [rangeFrom[i], rangeTo[i]) of postDocs.
  const rangeFrom = new Int32Array(Math.max(1, Math.min(budget.queryTerms, vectors.terms.length)));
  const rangeTo = new Int32Array(rangeFrom.length);
  const heap = new Int32Array(Math.max(1, budget.textCandidates));
  const heapScore = new Float64Array(heap.length);
  const inPool = new Uint8Array(n);
  // The block call each document was last taken into: a "seen" set that is never cleared. A
  // counter, not the article's number, as the same article's block may be asked for again.
  const takenFor = new Int32Array(n);
  let calls = 0;
  const w = options.weights;
  // Per-document metadata as numbers, read in the scoring loop without touching the records.
  const epoch = Float64Array.from(docs, (d) => d.epochMs);
  const sectionNames = [...new Set(docs.map((d) => d.section))].sort();
  const sectionOf = Int32Array.from(docs, (d) => sectionNames.indexOf(d.section));
  const sectionCount = sectionNames.length;
  // blocked[from * sectionCount + to]: the config's exclude_sections rules, decided once.
  const blocked = new Uint8Array(sectionCount * sectionCount);
  for (const rule of options.excludeSections) {
    for (let to = 0; to < sectionCount; to++) {
      if (!rule.sections.includes(sectionNames[to]!)) continue;
      for (let from = 0; from < sectionCount; from++) {
        if (rule.from === null || rule.from.includes(sectionNames[from]!)) blocked[from * sectionCount + to] = 1;
      }
    }
  }

  const parts = (q: number, c: number): ScoreParts => ({
    text: w.text ? textScore(vectors, q, c, scratch) : 0,
    tags: tagSimilarity(tags.ids[q]!, tags.ids[c]!, tagIdf),
    section: sameSection(docs[q]!.section, docs[c]!.section),
    authors: authorSimilarity(authors.ids[q]!, authors.ids[c]!),
    recency: recency(docs[q]!.epochMs, docs[c]!.epochMs, options.recencyHalfLifeDays),
  });

  // Tags and bylines flattened: document d's sorted ids are flat[start[d] .. start[d+1]).
  const tagFlat = flatten(tags.ids);
  const authorFlat = flatten(authors.ids);
  const tagIdf2 = tagIdf.map((x) => x ** 2);
  // Each document's tag norm, summed in the same order as tagSimilarity so the numbers match.
  const tagNorm = Float64Array.from(tags.ids, (ids) => ids.reduce((sum, t) => sum + tagIdf[t]! ** 2, 0));

  /**
   * The weighted metadata parts of combine(parts(q, c)), without building the record: the same
   * numbers as score.ts computes, from flat arrays.
   */
  const metaScore = (q: number, c: number): number => {
    let s = 0;
    if (w.tags && tagNorm[q]! > 0 && tagNorm[c]! > 0) {
      const shared = sharedSum(tagFlat.ids, tagFlat.start[q]!, tagFlat.start[q + 1]!, tagFlat.start[c]!, tagFlat.start[c + 1]!, tagIdf2);
      if (shared > 0) s += w.tags * (shared / Math.sqrt(tagNorm[q]! * tagNorm[c]!));
    }
    if (sectionOf[q] === sectionOf[c]) s += w.section;
    if (w.authors) {
      const a0 = authorFlat.start[q]!;
      const a1 = authorFlat.start[q + 1]!;
      const b0 = authorFlat.start[c]!;
      const b1 = authorFlat.start[c + 1]!;
      if (a1 > a0 && b1 > b0) s += w.authors * (sharedSum(authorFlat.ids, a0, a1, b0, b1, null) / Math.sqrt((a1 - a0) * (b1 - b0)));
    }
    if (w.recency) s += w.recency * recency(epoch[q]!, epoch[c]!, options.recencyHalfLifeDays);
    return s;
  };

  const allowed = (q: number, c: number): boolean => {
    if (q === c) return false;
    if (!options.includeNewer && epoch[c]! > epoch[q]!) return false;
    if (blocked[sectionOf[q]! * sectionCount + sectionOf[c]!]) return false;
    const exclude = docs[q]!.exclude;
    return !(exclude.length && exclude.includes(docs[c]!.id));
  };

  // The current block's candidates: poolDoc[0 .. count) with their partial text matches. Sized
  // once, so that a block allocates nothing while it searches.
  const maxTags = tags.ids.reduce((most, ids) => Math.max(most, ids.length), 0);
  const poolDoc = new Int32Array(heap.length + maxTags * budget.perTag);
  const poolPartial = new Float64Array(poolDoc.length);
  // The shortlist: document, its metadata parts, the lower bound of its score, room for quickselect.
  const shortDoc = new Int32Array(poolDoc.length);
  const shortMeta = new Float64Array(poolDoc.length);
  const shortKey = new Float64Array(poolDoc.length);
  const shortWork = new Float64Array(poolDoc.length);

  /**
   * Adds to the pool, from position `count`, up to `limit` documents of a date-ordered tag list
   * nearest in time to `epochMs` that are not in it yet; returns the new count.
   */
  const addNearest = (list: Int32Array, epochMs: number, limit: number, count: number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (epoch[list[mid]!]! < epochMs) lo = mid + 1;
      else hi = mid;
    }
    let l = lo - 1;
    let r = lo;
    for (let taken = 0; taken < limit && (l >= 0 || r < list.length); taken++) {
      const dl = l >= 0 ? epochMs - epoch[list[l]!]! : Infinity;
      const dr = r < list.length ? epoch[list[r]!]! - epochMs : Infinity;
      const d = dl <= dr ? list[l--]! : list[r++]!;
      if (inPool[d]) continue;
      inPool[d] = 1;
      poolDoc[count] = d;
      poolPartial[count++] = 0;
    }
    return count;
  };

  /**
   * Documents worth scoring, into poolDoc/poolPartial; returns how many: best partial text
   * matches, plus those sharing a tag, each with its partial text match (a lower bound of its
   * exact one; 0 for a document found by a tag).
   */
  const candidates = (q: number): number => {
    const { docTerms, queryWeights, queryStart, queryEntries, postStart, postDocs, postWeights } = vectors;
    // The query's most telling terms (vectors.ts chose them): their postings find candidates.
    let used = 0;
    for (let k = queryStart[q]!; k < queryStart[q + 1]!; k++) {
      const i = queryEntries[k]!;
      const t = docTerms[i]!;
      rangeFrom[used] = postStart[t]!;
      rangeTo[used++] = postStart[t + 1]!;
      accumulate(postDocs, postWeights, postStart[t]!, postStart[t + 1]!, queryWeights[i]!, acc);
    }
    // Also leaves acc all zero again for the next query.
    let count = topK(postDocs, rangeFrom, rangeTo, used, acc, budget.textCandidates, rank, heap, heapScore);
    poolDoc.set(heap.subarray(0, count));
    poolPartial.set(heapScore.subarray(0, count));
    for (let i = 0; i < count; i++) inPool[poolDoc[i]!] = 1;
    for (const tag of tags.ids[q]!) count = addNearest(tagPostings[tag]!, epoch[q]!, budget.perTag, count);
    for (let i = 0; i < count; i++) inPool[poolDoc[i]!] = 0;
    return count;
  };

  /**
   * Fills shortDoc/shortMeta with the allowed candidates worth scoring exactly and returns how
   * many: the `scored` best by lower bound (ties by rank), in no particular order. The metadata
   * parts separate articles on one topic whose text scores are close, so ranking by them as well
   * finds the block among far fewer exact text scores than the partial text match alone.
   */
  const shortlist = (q: number, pooled: number, stamp: number): number => {
    const self = vectors.selfScore[q]!;
    const scale = self > 0 ? w.text / self : 0;
    let m = 0;
    for (let i = 0; i < pooled; i++) {
      const c = poolDoc[i]!;
      if (takenFor[c] === stamp || !allowed(q, c)) continue;
      const meta = metaScore(q, c);
      shortDoc[m] = c;
      shortMeta[m] = meta;
      shortKey[m++] = poolPartial[i]! * scale + meta;
    }
    const keep = budget.scored;
    if (m <= keep) return m;
    shortWork.set(shortKey.subarray(0, m));
    const cutoff = kthSmallest(shortWork.subarray(0, m), m - keep);
    // Above the cut-off all stay; at it, the newest first until `keep`.
    let above = 0;
    for (let i = 0; i < m; i++) if (shortKey[i]! > cutoff) above++;
    let tieRank = -1;
    if (above < keep) {
      // The rank of the (keep - above)-th newest tie: ties are few, a small sort is enough.
      const ties: number[] = [];
      for (let i = 0; i < m; i++) if (shortKey[i] === cutoff) ties.push(rank[shortDoc[i]!]!);
      ties.sort((a, b) => a - b);
      tieRank = ties[keep - above - 1]!;
    }
    let kept = 0;
    for (let i = 0; i < m; i++) {
      const k = shortKey[i]!;
      if (k > cutoff || (k === cutoff && rank[shortDoc[i]!]! <= tieRank)) {
        shortDoc[kept] = shortDoc[i]!;
        shortMeta[kept++] = shortMeta[i]!;
      }
    }
    return kept;
  };

  /** The block of article q as document numbers with the reason each is there. */
  const block = (q: number): { picked: number[]; reasons: Candidate['reason'][] } => {
    const doc = docs[q]!;
    const picked: number[] = [];
    const reasons: Candidate['reason'][] = [];
    const stamp = ++calls;
    takenFor[q] = stamp;
    loadQuery(vectors, q, scratch);
    const take = (c: number, reason: Candidate['reason']) => {
      if (picked.length >= options.count || takenFor[c] === stamp) return;
      takenFor[c] = stamp;
      picked.push(c);
      reasons.push(reason);
    };
    for (const pin of doc.pins) {
      const c = byId.get(pin);
      if (c !== undefined) take(c, 'pin');
    }
    if (picked.length < options.count) {
      // The best `room` candidates, kept in order by insertion: the block is small.
      const room = options.count - picked.length;
      const best: number[] = [];
      const bestScore: number[] = [];
      const count = shortlist(q, candidates(q), stamp);
      for (let i = 0; i < count; i++) {
        const c = shortDoc[i]!;
        const s = (w.text ? w.text * textScore(vectors, q, c, scratch) : 0) + shortMeta[i]!;
        if (!(s > 0 && s >= options.minScore)) continue;
        let j = best.length;
        while (j > 0 && (s > bestScore[j - 1]! || (s === bestScore[j - 1]! && rank[c]! < rank[best[j - 1]!]!))) j--;
        if (j >= room) continue;
        best.splice(j, 0, c);
        bestScore.splice(j, 0, s);
        if (best.length > room) {
          best.pop();
          bestScore.pop();
        }
      }
      for (const c of best) take(c, 'score');
    }
    if (picked.length < options.count && options.minScore <= 0) {
      for (const c of newest) {
        if (picked.length >= options.count) break;
        if (sectionOf[c] === sectionOf[q] && allowed(q, c)) take(c, 'backfill-section');
      }
      for (const c of newest) {
        if (picked.length >= options.count) break;
        if (allowed(q, c)) take(c, 'backfill-newest');
      }
    }
    clearQuery(vectors, q, scratch);
    return { picked, reasons };
  };

  const explain = (id: string): Candidate[] => {
    const q = byId.get(id);
    if (q === undefined) return [];
    const { picked, reasons } = block(q);
    loadQuery(vectors, q, scratch);
    const out = picked.map((c, i): Candidate => {
      const p = parts(q, c);
      return { id: docs[c]!.id, score: combine(p, w), parts: p, reason: reasons[i]! };
    });
    clearQuery(vectors, q, scratch);
    return out;
  };

  return {
    order: Array.from(localityOrder(vectors), (d) => docs[d]!.id),
    related: (id) => {
      const q = byId.get(id);
      return q === undefined ? [] : block(q).picked.map((c) => docs[c]!.id);
    },
    explain,
    sharedTerms(a, b, limit) {
      const qa = byId.get(a);
      const qb = byId.get(b);
      if (qa === undefined || qb === undefined) return [];
      loadQuery(vectors, qa, scratch);
      const out: { hash: number; weight: number }[] = [];
      const self = vectors.selfScore[qa] || 1;
      for (let i = vectors.docStart[qb]!; i < vectors.docStart[qb + 1]!; i++) {
        const t = vectors.docTerms[i]!;
        if (scratch[t]) out.push({ hash: vectors.terms[t]!, weight: (scratch[t]! * vectors.docWeights[i]!) / self });
      }
      clearQuery(vectors, qa, scratch);
      return out.sort((x, y) => y.weight - x.weight || x.hash - y.hash).slice(0, limit);
    },
    sharedTags(a, b) {
      const qa = byId.get(a);
      const qb = byId.get(b);
      if (qa === undefined || qb === undefined) return [];
      const inB = new Set(tags.ids[qb]!);
      return Array.from(tags.ids[qa]!).filter((t) => inB.has(t)).map((t) => ({ tag: tags.names[t]!, weight: tagIdf[t]! }));
    },
  };
}

/**
 * Leaves in heap/heapScore[0 .. returned count) the k best documents of the posting ranges a
 * query read, by their score in `acc`, ties by the global newest-first rank, in no particular
 * order; sets every score it reads back to zero. A document listed under several terms is read
 * once with its score, then as zero, which the floor rejects: no "seen" test. A bounded heap whose
 * root is the worst one kept: most documents lose to the root at once, so this is one comparison
 * per posting.
 */
function topK(docs: Int32Array, rangeFrom: Int32Array, rangeTo: Int32Array, ranges: number, acc: Float32Array, k: number, rank: Int32Array, heap: Int32Array, heapScore: Float64Array): number {
  let size = 0;
  // The root's score, kept in a local. Every score is positive, so zero (a document already
  // taken, or none) is below even the first floor.
  let floor = Number.MIN_VALUE;
  for (let r = 0; r < ranges; r++) {
    for (let p = rangeFrom[r]!, end = rangeTo[r]!; p < end; p++) {
      const d = docs[p]!;
      const s = acc[d]!;
      acc[d] = 0;
      if (s < floor) continue;
      if (size < k) {
        // Sift up.
        let at = size++;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          const ps = heapScore[parent]!;
          if (!(s < ps || (s === ps && rank[d]! > rank[heap[parent]!]!))) break;
          heap[at] = heap[parent]!;
          heapScore[at] = ps;
          at = parent;
        }
        heap[at] = d;
        heapScore[at] = s;
        if (size === k) floor = heapScore[0]!;
      } else if (s > heapScore[0]! || rank[d]! < rank[heap[0]!]!) {
        // Better than the root (s >= floor here): replace it and sift down.
        let at = 0;
        for (;;) {
          let child = 2 * at + 1;
          if (child >= size) break;
          if (child + 1 < size) {
            const a = heapScore[child + 1]!;
            const b = heapScore[child]!;
            if (a < b || (a === b && rank[heap[child + 1]!]! > rank[heap[child]!]!)) child++;
          }
          const cs = heapScore[child]!;
          if (!(cs < s || (cs === s && rank[heap[child]!]! > rank[d]!))) break;
          heap[at] = heap[child]!;
          heapScore[at] = cs;
          at = child;
        }
        heap[at] = d;
        heapScore[at] = s;
        floor = heapScore[0]!;
      }
    }
  }
  return size;
}

/**
 * Adds wq x weight of postings [from, to) into `acc`. No test of whether a document is new:
 * that is a coin toss the CPU cannot predict, and topK finds each document by reading the same
 * ranges again.
 */
function accumulate(docs: Int32Array, weights: Float32Array, from: number, to: number, wq: number, acc: Float32Array): void {
  for (let p = from; p < to; p++) {
    const d = docs[p]!;
    acc[d] = acc[d]! + wq * weights[p]!;
  }
}

/** Document numbers grouped by heaviest term (vectors.ts found it), a counting sort. */
function localityOrder(v: Vectors): Int32Array {
  const n = v.heaviest.length;
  const start = new Int32Array(v.terms.length + 2);
  // Articles without a term that counts (heaviest -1) go first.
  for (let d = 0; d < n; d++) start[v.heaviest[d]! + 2]!++;
  for (let k = 1; k < start.length; k++) start[k] = start[k]! + start[k - 1]!;
  const out = new Int32Array(n);
  for (let d = 0; d < n; d++) out[start[v.heaviest[d]! + 1]!++] = d;
  return out;
}

function loadQuery(v: Vectors, q: number, scratch: Float32Array): void {
  for (let i = v.docStart[q]!; i < v.docStart[q + 1]!; i++) scratch[v.docTerms[i]!] = v.queryWeights[i]!;
}

function clearQuery(v: Vectors, q: number, scratch: Float32Array): void {
  for (let i = v.docStart[q]!; i < v.docStart[q + 1]!; i++) scratch[v.docTerms[i]!] = 0;
}

/**
 * Exact text score of document c for the query q loaded in `scratch` (the whole article), divided
 * by q's score against itself so that it is comparable with the other parts.
 */
export function textScore(v: Vectors, q: number, c: number, scratch: Float32Array): number {
  const { docWeights, docTerms } = v;
  const end = v.docStart[c + 1]!;
  // Four running sums: one sum would wait on the previous addition at every step.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = v.docStart[c]!;
  for (; i + 3 < end; i += 4) {
    s0 += docWeights[i]! * scratch[docTerms[i]!]!;
    s1 += docWeights[i + 1]! * scratch[docTerms[i + 1]!]!;
    s2 += docWeights[i + 2]! * scratch[docTerms[i + 2]!]!;
    s3 += docWeights[i + 3]! * scratch[docTerms[i + 3]!]!;
  }
  for (; i < end; i++) s0 += docWeights[i]! * scratch[docTerms[i]!]!;
  const sum = s0 + s1 + (s2 + s3);
  const self = v.selfScore[q]!;
  return self > 0 ? sum / self : 0;
}

/** Σ weight (or count) of the ids two sorted runs of `ids` share. */
function sharedSum(ids: Int32Array, a: number, aEnd: number, b: number, bEnd: number, weight: Float64Array | null): number {
  let shared = 0;
  while (a < aEnd && b < bEnd) {
    const x = ids[a]!;
    const y = ids[b]!;
    if (x === y) {
      shared += weight ? weight[x]! : 1;
      a++;
      b++;
    } else if (x < y) a++;
    else b++;
  }
  return shared;
}

function flatten(lists: readonly Int32Array[]): { start: Int32Array; ids: Int32Array } {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((l, d) => (start[d + 1] = start[d]! + l.length));
  const ids = new Int32Array(start[lists.length]!);
  lists.forEach((l, d) => ids.set(l, start[d]!));
  return { start, ids };
}

interface Labels {
  readonly names: string[];
  readonly df: number[];
  /** Per document, its label ids sorted ascending. */
  readonly ids: Int32Array[];
}

function internLabels(lists: readonly (readonly string[])[]): Labels {
  const map = new Map<string, number>();
  const names: string[] = [];
  const df: number[] = [];
  const ids = lists.map((list) => {
    const out = new Set<number>();
    for (const name of list) {
      let id = map.get(name);
      if (id === undefined) {
        id = names.length;
        map.set(name, id);
        names.push(name);
        df.push(0);
      }
      if (!out.has(id)) {
        out.add(id);
        df[id]!++;
      }
    }
    return Int32Array.from(out).sort();
  });
  return { names, df, ids };
}

/** For each tag, its documents in date order (ties by document number). */
function postingsByTime(docs: readonly RelatedDoc[], ids: readonly Int32Array[], count: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: count }, () => []);
  ids.forEach((list, d) => list.forEach((t) => lists[t]!.push(d)));
  return lists.map((l) => Int32Array.from(l.sort((a, b) => docs[a]!.epochMs - docs[b]!.epochMs || a - b)));
}
