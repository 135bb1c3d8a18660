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

  it('makes V8 collect before a heap doubles', () => {
    // In a fresh process: keep ~200 MB alive, then churn through garbage; the heap's high-water
    // mark stays well below twice the live size only with lean heaps.
    const script = path.resolve(import.meta.dirname, '../fixtures/heap/churn.mjs');
    const lib = path.resolve(import.meta.dirname, '../../lib/heap.js');
    const peak = (lean: boolean) => Number(execFileSync(process.execPath, [script, lib, lean ? '100000' : '10'], { encoding: 'utf8' }));
    const leanPeak = peak(true);
    const defaultPeak = peak(false);
    expect(leanPeak).toBeLessThan(defaultPeak * 0.8);
  });
});
