// A second thread for the work a warm build does one piece at a time: on a big paper with a
// cache, most stages are quick, and the main thread waits on two that are not — loading the
// markdown stack to parse the few new articles, and the related blocks, which depend on every
// published article. The helper starts when such a build starts, loads both while the main
// thread reads the cache, then parses the new articles and computes the blocks while the main
// thread checks the output folder and compiles the templates. Same code, same results: only the
// thread differs.
import { Worker } from 'node:worker_threads';
import type { Catalog, PaperConfig, RelatedConfig, RelatedMap, SourceFile } from '../model.js';
import type { ParseResult } from '../parse/pool.js';
import { FROM_SOURCE } from '../workers.js';
import { relatedDocs, relatedOptions, type RelatedDoc, type RelatedOptions } from '../related/index.js';

/** Papers smaller than this build faster without a helper (starting it costs about 0.1 s of the other core). */
export const HELPER_FROM = 2000;

/**
 * Papers from this size relate in the main thread: the helper's copy of every article's terms
 * and its own index were most of a warm 100k build's peak (one article removed, bench/rss.sh:
 * 1,960 MiB with the helper, 1,459 MiB with the blocks made in the main thread, 27.6 against
 * 30.9 s on one core). The same size as lean heaps (src/heap.ts): where memory counts most.
 */
export const HELPER_UNTIL = 30_000;


export interface Helper {
  /** Parses the files in the helper, results in input order. */
  parse(sources: readonly SourceFile[], config: PaperConfig): Promise<ParseResult[]>;
  /** Every published article's block, as relateAll gives it. */
  relate(catalog: Catalog, config: RelatedConfig): Promise<RelatedMap>;
  /** Stops the thread; pending calls fail. */
  close(): Promise<void>;
}

type HelperRequest =
  | { readonly kind: 'parse'; readonly config: PaperConfig; readonly sources: readonly SourceFile[] }
  | { readonly kind: 'relate'; readonly docs: PackedDocs; readonly options: RelatedOptions };

/**
 * Related documents packed for the trip: every document's terms in one transferred buffer and
 * the rest as one JSON text. Cloning 10,000 document records with their own small arrays took
 * 0.1 s of this thread and 0.17 s of the helper's.
 */
export interface PackedDocs {
  /** The documents without their terms. */
  readonly json: string;
  /** Document d's terms are terms[start[d] .. start[d + 1]). */
  readonly start: Int32Array;
  readonly terms: Int32Array;
}

export function packDocs(docs: readonly RelatedDoc[]): PackedDocs {
  const start = new Int32Array(docs.length + 1);
  docs.forEach((d, i) => (start[i + 1] = start[i]! + d.terms.length));
  const terms = new Int32Array(start[docs.length]!);
  docs.forEach((d, i) => terms.set(d.terms, start[i]!));
  return { json: JSON.stringify(docs.map(({ terms: _, ...rest }) => rest)), start, terms };
}

export function unpackDocs(packed: PackedDocs): RelatedDoc[] {
  const rest = JSON.parse(packed.json) as Omit<RelatedDoc, 'terms'>[];
  return rest.map((d, i) => ({ ...d, terms: packed.terms.subarray(packed.start[i]!, packed.start[i + 1]!) }));
}

/** A message to the helper, answered by { id, result } or { id, error }. */
export type HelperCall = HelperRequest & { readonly id: number };

/** Blocks as positions in the documents sent: document d's block is items[start[d] .. start[d + 1]). */
export interface RelateReply {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/** A helper thread, or null where none can start (run from source). */
export function startHelper(): Helper | null {
  if (FROM_SOURCE) return null;
  const worker = new Worker(new URL('./worker.js', import.meta.url));
  // Never what keeps the process alive, even if a build forgot to close it.
  worker.unref();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error !== undefined) p.reject(new Error(`build-paper's helper thread failed: ${msg.error}`));
    else p.resolve(msg.result);
  });
  worker.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => failAll(new Error(`build-paper's helper thread exited with code ${code}`)));
  const call = <R>(message: HelperRequest, transfer: ArrayBuffer[] = []): Promise<R> => {
    if (failed) return Promise.reject(failed);
    const id = next++;
    return new Promise<R>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  };
  return {
    parse: (sources, config) => (sources.length === 0 ? Promise.resolve([]) : call<ParseResult[]>({ kind: 'parse', config, sources })),
    async relate(catalog, config) {
      const docs = relatedDocs(catalog);
      const packed = packDocs(docs);
      const reply = await call<RelateReply>({ kind: 'relate', docs: packed, options: relatedOptions(config) }, [packed.start.buffer as ArrayBuffer, packed.terms.buffer as ArrayBuffer]);
      const map: Record<string, readonly string[]> = {};
      docs.forEach((d, i) => {
        const block: string[] = [];
        for (let k = reply.start[i]!; k < reply.start[i + 1]!; k++) block.push(docs[reply.items[k]!]!.id);
        map[d.id] = block;
      });
      return map;
    },
    async close() {
      failAll(new Error('the helper thread was closed'));
      await worker.terminate();
    },
  };
}
