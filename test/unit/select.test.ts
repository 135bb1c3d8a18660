// Quickselect finds the same value a full sort would, on awkward inputs too.
import { describe, expect, it } from 'vitest';
import { kthSmallest } from '../../src/related/select.js';

function lcg(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe('kthSmallest', () => {
  it('agrees with sorting for random, sorted, reversed and constant arrays', () => {
    const rnd = lcg(7);
    const shapes: ((n: number) => Float64Array)[] = [
      (n) => Float64Array.from({ length: n }, () => Math.floor(rnd() * 1000)),
      (n) => Float64Array.from({ length: n }, () => Math.floor(rnd() * 3)),
      (n) => Float64Array.from({ length: n }, (_, i) => i),
      (n) => Float64Array.from({ length: n }, (_, i) => n - i),
      (n) => new Float64Array(n).fill(2.5),
    ];
    for (const make of shapes) {
      for (const n of [1, 2, 3, 10, 257]) {
        for (const k of [0, n >> 1, n - 1]) {
          const a = make(n);
          const sorted = a.slice().sort();
          expect(kthSmallest(a, k)).toBe(sorted[k]);
        }
      }
    }
  });

  it('works on Float32Array views and refuses k outside the array', () => {
    const a = Float32Array.from([5, 1, 4, 2, 3, 9]).subarray(1, 5);
    expect(kthSmallest(a, 0)).toBe(1);
    expect(kthSmallest(a, 3)).toBe(4);
    expect(() => kthSmallest(a, 4)).toThrow(RangeError);
  });
});
