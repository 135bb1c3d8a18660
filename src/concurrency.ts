// Bounded concurrency for file-system work: enough reads or writes in flight to keep the disk
// busy without opening thousands of files at once. Results keep their input order.

/** Runs `fn` on every item, at most `limit` at a time; results are in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** File operations in flight at once (reads, stats, writes). */
export const FILE_CONCURRENCY = 32;
