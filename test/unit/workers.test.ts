// The worker pool's own contract: results in input order, progress notes passed on, and an
// abort that stops the workers instead of waiting for them; and how many search workers run.
import { describe, expect, it } from 'vitest';
import { searchLanes } from '../../src/search/index.js';
import { inWorkers } from '../../src/workers.js';

const COUNTER = new URL('../fixtures/workers/counter.mjs', import.meta.url);

describe('inWorkers', () => {
  it('returns results in input order and passes notes on', async () => {
    let notes = 0;
    const out = await inWorkers<number, number>(COUNTER, null, [3, 1, 2, 0], { threads: 2, batch: 1, name: 'test', onNote: (n) => (notes += n as number) });
    expect(out).toEqual([6, 2, 4, 0]);
    expect(notes).toBe(6);
  });

  it('rejects with the abort reason and does not wait for a stuck worker', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const run = inWorkers<number, number>(COUNTER, null, [2, -1], {
      threads: 2,
      batch: 1,
      name: 'test',
      signal: ac.signal,
      onNote: () => ac.abort(new Error('newer save')),
    });
    await expect(run).rejects.toThrow('newer save');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not start workers when already aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('gone'));
    await expect(inWorkers<number, number>(COUNTER, null, [1], { threads: 1, batch: 1, name: 'test', signal: ac.signal })).rejects.toThrow('gone');
  });
});

describe('searchLanes', () => {
  const GiB = 2 ** 30;
  it('runs a Pagefind process per thread while they fit in half the memory', () => {
    expect(searchLanes(2, 4000, 24 * GiB)).toBe(2);
    expect(searchLanes(8, 4000, 16 * GiB)).toBe(8);
    // 4,000-page parts hold about 1 GB each: 4 GB of memory gives two.
    expect(searchLanes(8, 4000, 4 * GiB)).toBe(2);
    expect(searchLanes(8, 4000, 1 * GiB)).toBe(1);
    expect(searchLanes(1, 10, 64 * GiB)).toBe(1);
  });
});
