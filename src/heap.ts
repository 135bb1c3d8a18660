// How soon V8 collects garbage on big papers. Between full collections V8 lets a heap grow to
// about twice what survived the last one. A 100k-article build holds every article record in the
// main thread and in each render worker, so that doubling was most of its peak: 4.0 GiB. Letting
// each heap grow by 30% instead (--heap-growing-percent, a V8 flag shared by every thread of the
// process) took the peak to 2.2 GiB, for more collections (docs/memory.md). A 10k paper peaks
// at ~0.7 GiB and builds faster with V8's own choice, so only big papers get it.
import { setFlagsFromString } from 'node:v8';

/** Papers with at least this many articles build with lean heaps. */
export const LEAN_HEAP_FROM = 30_000;
/** How much a heap may grow past what its last full collection kept, in percent. */
export const LEAN_HEAP_GROWTH = 30;

let current = 0;

/** Sets the heaps' growth for a paper of `articles` articles (V8's default below LEAN_HEAP_FROM). */
export function heapFor(articles: number): number {
  const growth = articles >= LEAN_HEAP_FROM ? LEAN_HEAP_GROWTH : 0;
  // 0 is V8's default: a factor it picks from the speed of collection and allocation.
  if (growth !== current) setFlagsFromString(`--heap-growing-percent=${growth}`);
  current = growth;
  return growth;
}
