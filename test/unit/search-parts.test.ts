// How the search index is cut into parts: by publication order, in power-of-two runs of units,
// so that a new article changes only the open part and an edit only its own part.
import { describe, expect, it } from 'vitest';
import { partsList, planParts, type IndexedPage } from '../../src/search/parts.js';

const pages = (n: number, digest = (i: number) => `d${i}`): IndexedPage[] =>
  Array.from({ length: n }, (_, i) => ({ url: `/news/${String(i).padStart(5, '0')}/`, published: 1_000_000 + i * 1000, digest: digest(i) }));

describe('search index parts', () => {
  it('splits full units into powers of two, oldest and largest first, then the open part', () => {
    const ranges = (n: number, size: number) => planParts(pages(n), size, 's').map((p) => [p.dir, p.urls.length]);
    expect(ranges(10_001, 500)).toEqual([['pagefind/', 8000], ['pagefind/parts/8000-10000/', 2000], ['pagefind/parts/10000-10001/', 1]]);
    expect(ranges(3, 500)).toEqual([['pagefind/', 3]]);
    expect(ranges(0, 500)).toEqual([['pagefind/', 0]]);
    expect(ranges(1500, 500)).toEqual([['pagefind/', 1000], ['pagefind/parts/1000-1500/', 500]]);
    expect(partsList(planParts(pages(10_001), 500, 's'))).toBe('["parts/8000-10000/","parts/10000-10001/"]\n');
  });

  it('caps parts at the largest power-of-two number of units within the maximum size', () => {
    const ranges = (n: number) => planParts(pages(n), 250, 's', 8000).map((p) => p.urls.length);
    expect(ranges(10_001)).toEqual([8000, 2000, 1]);
    expect(ranges(100_000)).toEqual([...Array(12).fill(8000), 4000]);
    expect(ranges(100_100)).toEqual([...Array(12).fill(8000), 4000, 100]);
    // A maximum that is not a power of two of units rounds down: 5000 pages -> 16 units of 250.
    expect(planParts(pages(12_000), 250, 's', 5000).map((p) => p.urls.length)).toEqual([4000, 4000, 4000]);
    // Capped parts keep their place as the archive grows.
    const before = planParts(pages(20_000), 250, 's', 8000);
    const after = planParts(pages(20_300), 250, 's', 8000);
    expect(after.slice(0, 2).map((p) => [p.dir, p.key])).toEqual(before.slice(0, 2).map((p) => [p.dir, p.key]));
  });

  it('orders pages by publication time, then URL, whatever order they come in', () => {
    const given = pages(5).reverse();
    const [part] = planParts(given, 10, 's');
    expect(part!.urls).toEqual(pages(5).map((p) => p.url));
    const sameTime = [{ url: '/b/', published: 1, digest: 'x' }, { url: '/a/', published: 1, digest: 'y' }];
    expect(planParts(sameTime, 10, 's')[0]!.urls).toEqual(['/a/', '/b/']);
  });

  it('changes a part\'s key only when its own pages or the salt change', () => {
    const before = planParts(pages(9), 2, 's');
    const edited = planParts(pages(9, (i) => (i === 8 ? 'new' : `d${i}`)), 2, 's');
    expect(edited[0]!.key).toBe(before[0]!.key);
    expect(edited[1]!.key).not.toBe(before[1]!.key);
    const added = planParts(pages(10), 2, 's');
    expect(added[0]!.key).toBe(before[0]!.key);
    expect(added[1]!.dir).toBe('pagefind/parts/8-10/');
    expect(planParts(pages(9), 2, 'other')[0]!.key).not.toBe(before[0]!.key);
  });
});
