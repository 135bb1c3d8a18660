// The k-th smallest value of a typed array, found in place in linear expected time (Hoare's
// quickselect with a median-of-three pivot). The related engine needs only a cut-off value, never
// a sorted list: finding a posting list's or a query's threshold this way costs O(n), not
// O(n log n), which is what kept the index build from growing linearly with the archive.

type Numbers = Float32Array | Float64Array;

/** Reorders `a` partly and returns its k-th smallest value (k from 0). `a` must hold no NaN. */
export function kthSmallest(a: Numbers, k: number): number {
  if (k < 0 || k >= a.length) throw new RangeError(`k=${k} outside 0..${a.length - 1}`);
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot: sorted input (common: postings in date order) stays linear.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Numbers, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
