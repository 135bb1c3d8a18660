// Each part of a related-stories score, alone.
import { describe, expect, it } from 'vitest';
import { authorSimilarity, combine, recency, sameSection, tagSimilarity } from '../../src/related/score.js';

const DAY = 86_400_000;

describe('score parts', () => {
  it('tag similarity is 1 for the same tags, 0 for none shared, and a rare tag counts for more', () => {
    // Tag ids: 0 rare, 1 common, 2 other (ids are sorted within a document).
    const idf = [3, 0.5, 1];
    expect(tagSimilarity([0, 1], [0, 1], idf)).toBeCloseTo(1, 6);
    expect(tagSimilarity([0], [2], idf)).toBe(0);
    expect(tagSimilarity([], [0], idf)).toBe(0);
    const viaRare = tagSimilarity([0, 1], [0], idf);
    const viaCommon = tagSimilarity([0, 1], [1], idf);
    expect(viaRare).toBeGreaterThan(viaCommon);
  });

  it('author similarity is the cosine of the byline sets', () => {
    expect(authorSimilarity([4], [4])).toBe(1);
    expect(authorSimilarity([1, 4], [4])).toBeCloseTo(1 / Math.SQRT2, 6);
    expect(authorSimilarity([1], [])).toBe(0);
  });

  it('same section is 1 or 0', () => {
    expect(sameSection('news', 'news')).toBe(1);
    expect(sameSection('news', 'sport')).toBe(0);
  });

  it('recency is 1 at the same moment and halves every half-life, in either direction', () => {
    expect(recency(0, 0, 30)).toBe(1);
    expect(recency(0, 30 * DAY, 30)).toBeCloseTo(0.5, 6);
    expect(recency(60 * DAY, 0, 30)).toBeCloseTo(0.25, 6);
    expect(recency(0, DAY, 0)).toBe(0);
  });

  it('combine is the weighted sum', () => {
    const parts = { text: 0.5, tags: 1, section: 1, authors: 0, recency: 0.5 };
    expect(combine(parts, { text: 1, tags: 0.1, section: 0.02, authors: 1, recency: 0.02 })).toBeCloseTo(0.5 + 0.1 + 0.02 + 0.01, 6);
  });
});
