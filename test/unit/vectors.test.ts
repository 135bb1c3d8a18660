// Corpus statistics for related stories: which terms count and how much.
import { describe, expect, it } from 'vitest';
import { buildVectors } from '../../src/related/vectors.js';
import { termHash } from '../../src/text/analyze.js';

/** "flood 3 river 1" -> [hash, count, ...] as analyzeFields makes them. */
function pairs(text: string): Int32Array {
  const parts = text.split(' ');
  const out: number[] = [];
  for (let i = 0; i < parts.length; i += 2) out.push(termHash(parts[i]!), Number(parts[i + 1]));
  return Int32Array.from(out);
}

const texts = ['flood 3 river 1 unique 2 the 1', 'flood 1 river 2 the 1', 'match 2 goal 1 the 1', 'match 1 coach 1 the 1'].map(pairs);
const termsOf = (v: ReturnType<typeof buildVectors>, d: number) =>
  Array.from(v.docTerms.slice(v.docStart[d], v.docStart[d + 1])).map((t) => v.terms[t]).sort((a, b) => a! - b!);

describe('buildVectors', () => {
  for (const weighting of ['bm25', 'tfidf'] as const) {
    it(`${weighting}: drops terms in one article only and terms in more than the max share`, () => {
      const v = buildVectors(texts, { weighting, maxDocShare: 0.5, postingsPerTerm: 10 });
      expect(termsOf(v, 0)).toEqual([termHash('flood'), termHash('river')].sort((a, b) => a - b));
      expect(termsOf(v, 2)).toEqual([termHash('match')]);
      expect(v.selfScore[0]).toBeGreaterThan(0);
    });
  }

  it('bm25: more occurrences weigh more, with diminishing returns', () => {
    const v = buildVectors(['a 1 b 1', 'a 2 b 1', 'a 8 b 1', 'c 1'].map(pairs), { weighting: 'bm25', maxDocShare: 1, postingsPerTerm: 10 });
    const a = v.terms.indexOf(termHash('a'));
    const weightOfA = (d: number) => {
      for (let i = v.docStart[d]!; i < v.docStart[d + 1]!; i++) if (v.docTerms[i] === a) return v.docWeights[i]!;
      return 0;
    };
    expect(weightOfA(1)).toBeGreaterThan(weightOfA(0));
    expect(weightOfA(2) - weightOfA(1)).toBeLessThan(4 * (weightOfA(1) - weightOfA(0)));
  });

  it('tfidf: document vectors have unit length', () => {
    const v = buildVectors(texts, { weighting: 'tfidf', maxDocShare: 0.5, postingsPerTerm: 10 });
    let sum = 0;
    for (let i = v.docStart[0]!; i < v.docStart[1]!; i++) sum += v.docWeights[i]! ** 2;
    expect(sum).toBeCloseTo(1, 5);
  });

  it('keeps, for each term, the postings where it weighs most, cut to the budget', () => {
    const many = Array.from({ length: 20 }, (_, i) => `flood ${i + 1} other 1`).concat(['rare 1', 'x 1']).map(pairs);
    const v = buildVectors(many, { weighting: 'bm25', maxDocShare: 1, postingsPerTerm: 5 });
    const t = v.terms.indexOf(termHash('flood'));
    expect(v.postStart[t + 1]! - v.postStart[t]!).toBe(5);
    expect(Array.from(v.postDocs.slice(v.postStart[t], v.postStart[t + 1])).sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19]);
  });

  it("chooses each document's most telling query terms, and gives postings only to terms some document chose", () => {
    // 'common' is in every document (low idf); 'dam', 'vote' and 'goal' each in two. With one
    // query term per document, every document picks its rare word and 'common' gets no postings.
    const docs = ['dam 1 common 3', 'dam 2 common 1', 'vote 1 common 2', 'vote 1 common 1', 'goal 1 common 1', 'goal 3 common 1'].map(pairs);
    const v = buildVectors(docs, { weighting: 'bm25', maxDocShare: 1, postingsPerTerm: 10, queryTerms: 1 });
    const chosen = (d: number) => Array.from(v.queryEntries.slice(v.queryStart[d], v.queryStart[d + 1]), (i) => v.terms[v.docTerms[i]!]);
    expect([0, 1, 2, 3, 4, 5].map(chosen)).toEqual([['dam'], ['dam'], ['vote'], ['vote'], ['goal'], ['goal']].map((w) => w.map(termHash)));
    const postings = (word: string) => {
      const t = v.terms.indexOf(termHash(word));
      return v.postStart[t + 1]! - v.postStart[t]!;
    };
    expect(postings('common')).toBe(0);
    expect(postings('dam')).toBe(2);
    // Without a limit every term is a query term and has its postings.
    const all = buildVectors(docs, { weighting: 'bm25', maxDocShare: 1, postingsPerTerm: 10 });
    expect(all.queryStart[1]).toBe(2);
    const common = all.terms.indexOf(termHash('common'));
    expect(all.postStart[common + 1]! - all.postStart[common]!).toBe(6);
  });

  it('cuts a long posting list to its heaviest documents in document order, ties to the earliest', () => {
    // 50 documents (five times the cut of 3, so the list is trimmed several times while it is
    // built); counts rise and fall so that the heaviest come neither first nor last, and the
    // count 9 is shared by four documents of the same length, so their weights tie.
    const counts = [1, 2, 9, 3, 1, 4, 2, 9, 1, 1, 5, 2, 3, 1, 9, 2, 1, 1, 9, 2, 3, 8, 1, 2, 1];
    const many = [...counts, ...counts.map((c) => Math.min(c, 7))].map((c) => pairs(`flood ${c} filler 1`));
    many.push(pairs('other 1'), pairs('other 1'));
    const v = buildVectors(many, { weighting: 'bm25', maxDocShare: 1, postingsPerTerm: 3 });
    const t = v.terms.indexOf(termHash('flood'));
    // Documents 2, 7, 14 and 18 have count 9; the earliest three are kept, in document order.
    expect(Array.from(v.postDocs.slice(v.postStart[t], v.postStart[t + 1]))).toEqual([2, 7, 14]);
    const weights = Array.from(v.postWeights.slice(v.postStart[t], v.postStart[t + 1]));
    expect(new Set(weights).size).toBe(1);
  });
});
