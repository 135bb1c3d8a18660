// The one way build-paper spreads work over worker threads: items go out in batches, each worker
// takes the next batch when it sends one back, and results land at their item's index, so the
// output is in input order whatever the timing. Workers answer { from, items } with
// { from, results } (parse/worker.ts, render/worker.ts).
import { Worker } from 'node:worker_threads';

/** Run from TypeScript source (tests, tsx), there are no compiled worker scripts to start. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

export async function inWorkers<T, R>(
  script: URL,
  workerData: unknown,
  items: readonly T[],
  options: {
    readonly threads: number;
    readonly batch: number;
    readonly name: string;
    readonly onDone?: (done: number) => void;
    /** Takes each batch's results as they come (not kept: the call returns []); the worker's next batch waits for it. */
    readonly onResults?: (from: number, results: R[]) => void | Promise<void>;
    /** Makes an item into what is sent to the worker, when its batch is sent (default: the item itself). */
    readonly prepare?: (item: T) => unknown;
    /** Takes a worker's other messages, { note } (progress within a batch). */
    readonly onNote?: (note: unknown) => void;
    /** Stops the workers and rejects with the signal's reason. */
    readonly signal?: AbortSignal;
  },
): Promise<R[]> {
  const results: R[] = options.onResults ? [] : new Array(items.length);
  let next = 0;
  let done = 0;
  const count = Math.max(1, Math.min(options.threads, Math.ceil(items.length / options.batch)));
  const { signal } = options;
  signal?.throwIfAborted();
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData }));
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => (onAbort = () => reject(signal!.reason)));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const all = Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= items.length) {
                resolve();
                return;
              }
              const from = next;
              next = Math.min(items.length, next + options.batch);
              const batch = items.slice(from, next);
              worker.postMessage({ from, items: options.prepare ? batch.map(options.prepare) : batch });
            };
            worker.on('message', (msg: { from: number; results: R[] } | { note: unknown }) => {
              if ('note' in msg) {
                options.onNote?.(msg.note);
                return;
              }
              const taken = options.onResults ? options.onResults(msg.from, msg.results) : msg.results.forEach((r, i) => (results[msg.from + i] = r));
              done += msg.results.length;
              options.onDone?.(done);
              Promise.resolve(taken).then(send, reject);
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${options.name} worker exited with ${code}`))));
            send();
          }),
      ),
    );
    // Once aborted, the workers' exits (terminated below) reject `all` with nobody waiting.
    all.catch(() => undefined);
    await (signal ? Promise.race([all, aborted]) : all);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
