// The worker pool's own contract: results in input order, progress notes passed on, and an
// abort that stops the workers instead of waiting for them; and how many search workers run.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { searchLanes, WriteTurn } from '../../src/search/index.js';
import { inWorkers } from '../../src/workers.js';

const COUNTER = new URL('../fixtures/workers/counter.mjs', import.meta.url);
const TURN = new URL('../fixtures/workers/turn.mjs', import.meta.url);

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

describe('WriteTurn', () => {
  /** Runs `threads` turn workers (fixtures/workers/turn.mjs) taking `times` turns each on `turn`: [holders at the end, most at once, turns taken]. */
  async function holders(turn: WriteTurn, threads: number, times: number): Promise<Int32Array> {
    // The compiled module, as the search workers load it (npm test compiles lib/ first).
    const module = new URL('../../lib/search/index.js', import.meta.url).href;
    const stats = new Int32Array(new SharedArrayBuffer(12));
    const workers = Array.from({ length: threads }, () => new Worker(TURN, { workerData: { module, cell: turn.cell, stats, times } }));
    await Promise.all(workers.map((w) => new Promise((resolve, reject) => (w.once('message', resolve), w.once('error', reject), w.once('exit', (code) => reject(new Error(`turn worker exited (${code}) before it was done`)))))));
    await Promise.all(workers.map((w) => w.terminate()));
    return stats;
  }

  it('lets one of two lanes write at a time, across worker threads', async () => {
    const turn = WriteTurn.forLanes(2);
    expect(Array.from(await holders(turn, 3, 5))).toEqual([0, 1, 15]);
    expect(turn.cell[0]).toBe(1);
  });

  it('lets half of eight lanes write at once', async () => {
    const turn = WriteTurn.forLanes(8);
    // 20 turns of 10 ms each: the six threads overlap however slowly they start.
    expect(Array.from(await holders(turn, 6, 20))).toEqual([0, 4, 120]);
    expect(turn.cell[0]).toBe(4);
  });

  it('makes a second taker in the same thread wait for the give', async () => {
    const first = new WriteTurn();
    const second = new WriteTurn(first.cell);
    await first.take();
    let taken = false;
    const waiting = second.take().then(() => (taken = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(taken).toBe(false);
    first.give();
    await waiting;
    expect(taken).toBe(true);
    second.give();
  });
});
