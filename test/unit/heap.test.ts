// Big papers build with lean heaps (src/heap.ts); the setting follows the paper being built.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { heapFor, LEAN_HEAP_FROM, LEAN_HEAP_GROWTH } from '../../src/heap.js';

afterAll(() => heapFor(0));

describe('heapFor', () => {
  it('gives papers from LEAN_HEAP_FROM articles lean heaps, and smaller ones V8 default again', () => {
    expect(heapFor(LEAN_HEAP_FROM - 1)).toBe(0);
    expect(heapFor(LEAN_HEAP_FROM)).toBe(LEAN_HEAP_GROWTH);
    expect(heapFor(100_000)).toBe(LEAN_HEAP_GROWTH);
    expect(heapFor(10)).toBe(0);
  });

  it('makes V8 set each old-generation limit 30% above what survived, and gives the choice back', () => {
    // A fresh process prints V8's own decisions (--trace-gc-verbose): after each full collection,
    // "[HeapController] Limit: old size: ..., new limit: ... (factor)". The factor V8 picks by
    // itself depends on the machine's speed and load, so the test reads the factor, not a peak.
    // A fixed heap limit makes V8's own first choice (its maximum, 4.0) the same on any machine.
    const script = path.resolve(import.meta.dirname, '../fixtures/heap/churn.mjs');
    const lib = path.resolve(import.meta.dirname, '../../lib/heap.js');
    const factors = (...papers: number[]) => {
      const out = execFileSync(process.execPath, ['--trace-gc-verbose', '--max-old-space-size=4096', script, lib, ...papers.map(String)], {
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      });
      return [...out.matchAll(/\[HeapController\] Limit: .*\((\d+\.\d+)\)$/gm)].map((m) => Number(m[1]));
    };
    const lean = factors(100_000);
    expect(lean.length).toBeGreaterThanOrEqual(3);
    expect(new Set(lean)).toEqual(new Set([1 + LEAN_HEAP_GROWTH / 100]));
    const back = factors(100_000, 10);
    expect(back.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...back)).toBeGreaterThan(1 + LEAN_HEAP_GROWTH / 100);
  });
});
