// Stable pagination: which stories each page of a listing holds, and what its navigation links to.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { listingPages } from '../../src/render/paging.js';
import { paginationView } from '../../src/render/view.js';
import { PAPER_YAML } from '../helpers/site.js';

/** Ids "s<n>" for n stories, newest first (s1 is the oldest). */
const stories = (n: number) => Array.from({ length: n }, (_, i) => `s${n - i}`);

describe('listingPages', () => {
  it('puts the newest on the first page and groups the rest from the oldest', () => {
    expect(listingPages(stories(8), 3)).toEqual({
      first: ['s8', 's7', 's6'],
      archive: [['s3', 's2', 's1'], ['s5', 's4']],
    });
    expect(listingPages(stories(3), 3)).toEqual({ first: ['s3', 's2', 's1'], archive: [] });
    expect(listingPages(stories(4), 3)).toEqual({ first: ['s4', 's3', 's2'], archive: [['s1']] });
    expect(listingPages([], 3)).toEqual({ first: [], archive: [] });
  });

  it('puts every story on exactly one page, and only the newest archive page is short', () => {
    for (const size of [1, 2, 3, 7]) {
      for (let n = 0; n <= 30; n++) {
        const { first, archive } = listingPages(stories(n), size);
        expect([...first, ...[...archive].reverse().flat()]).toEqual(stories(n));
        expect(first.length).toBe(Math.min(n, size));
        archive.slice(0, -1).forEach((p) => expect(p).toHaveLength(size));
        if (archive.length) expect(archive.at(-1)!.length).toBeGreaterThan(0);
      }
    }
  });

  it('leaves full archive pages alone when a story is added', () => {
    for (let n = 0; n <= 30; n++) {
      const before = listingPages(stories(n), 3).archive;
      const after = listingPages(stories(n + 1), 3).archive;
      const differ = after.map((p, i) => JSON.stringify(p) !== JSON.stringify(before[i])).flatMap((d, i) => (d ? [i + 1] : []));
      // Only the newest archive page gains the story that left the first page.
      expect(differ).toEqual(after.length ? [after.length] : []);
      expect(after.length - before.length).toBeLessThanOrEqual(1);
    }
  });
});

describe('paginationView', () => {
  const config = parseConfig(PAPER_YAML, 'paper.yaml').config!;
  const labels = (v: ReturnType<typeof paginationView>) =>
    v.pages.map((p) => {
      const label = p.gap ? '…' : p.number === null ? 'Latest' : String(p.number);
      return p.current ? `[${label}]` : label;
    });

  it('links the first page to the newest archive page and a few below it', () => {
    const v = paginationView('news/', 0, 6, config);
    expect(v.number).toBeNull();
    expect([v.prev, v.next]).toEqual([null, '/news/page/6/']);
    expect(labels(v)).toEqual(['[Latest]', '6', '5', '4', '…', '1']);
    expect(v.pages.find((p) => p.number === 1)!.url).toBe('/news/page/1/');
    expect(v.pages.find((p) => p.gap)!.url).toBeNull();
    const alone = paginationView('news/', 0, 0, config);
    expect([alone.prev, alone.next, labels(alone)]).toEqual([null, null, ['[Latest]']]);
  });

  it('gives an archive page links that depend only on its number and whether it is the newest', () => {
    const middle = paginationView('', 4, 9, config);
    expect([middle.number, middle.prev, middle.next]).toEqual([4, '/page/5/', '/page/3/']);
    expect(labels(middle)).toEqual(['Latest', '5', '[4]', '3', '2', '1']);
    // Any later total gives the same links, so a new page elsewhere never rewrites this one.
    for (const newest of [5, 6, 50]) expect(paginationView('', 4, newest, config)).toEqual(middle);
    const newest = paginationView('', 9, 9, config);
    expect([newest.prev, newest.next]).toEqual(['/', '/page/8/']);
    expect(labels(newest)).toEqual(['Latest', '[9]', '8', '7', '…', '1']);
    const oldest = paginationView('tags/x/', 1, 1, config);
    expect([oldest.prev, oldest.next, labels(oldest)]).toEqual(['/tags/x/', null, ['Latest', '[1]']]);
  });
});
