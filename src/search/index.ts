// The one module that imports Pagefind. Article pages go in as HTML (Pagefind indexes only the
// element marked data-pagefind-body, so navigation and related blocks stay out). Loaded lazily:
// it starts a helper binary.
//
// One index for the whole paper, in the paper's language (forceLanguage): Pagefind otherwise
// builds one index per <html lang> and the search page loads only the index of its own lang, so
// a reader on /search/ (English) would never see the Khmer translations. Unspaced scripts are
// cut into words before indexing (./spacing.ts), which Pagefind's per-language handling would not
// do for Khmer anyway.
//
// Pagefind writes each part's files itself, to a scratch folder the build gives (in its staging
// folder), and the build stages them from there: getFiles() sent them over Pagefind's pipe as
// base64 inside JSON inside base64, about 110 MB of a search worker's heap for a 4,000-page part
// (11 MB of files), and the build held every part's files until the write stage.
//
// A Pagefind process indexes on one core, and the parts of the index (./parts.ts) are
// independent: when there are several to make, each worker thread (./worker.ts) drives Pagefind
// processes of its own, a fresh one for each part, and takes the next part when it is done,
// largest parts first; the processes take turns to write (WriteTurn). A part's files depend on
// its pages only, so the output is the same whichever process made it.
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { totalmem } from 'node:os';
import type { OutputFile } from '../model.js';
import { FROM_SOURCE, inWorkers } from '../workers.js';
import { listFiles } from '../load/index.js';
import { PRIMARY_DIR } from './parts.js';
import { spaceWords } from './spacing.js';

export interface SearchResult {
  /** The output paths of each part's files, by folder, sorted. */
  readonly parts: Map<string, string[]>;
  readonly problems: string[];
}

/**
 * Takes a part's files (copies from its scratch folder, removed once the sink is done) as soon as
 * the part is made: the build stages them for writing.
 */
export type PartSink = (files: readonly OutputFile[]) => Promise<void>;

/**
 * What a merged part needs: its entry, metadata and index, fragment and filter chunks. Scripts,
 * styles and WebAssembly come from the primary bundle (merged indexes reuse its wasm).
 */
const PART_FILE = /^(pagefind-entry\.json|[^/]+\.pf_meta|(index|fragment|filter)\/[^/]+)$/;

/** The anchor page's one word (Pagefind drops a page without words): no reader types it. */
const ANCHOR_URL = '/search/';
const ANCHOR_WORD = 'bpanchorzqx';

/** Pages indexed between two progress notes from a worker. */
export const NOTE_EVERY = 25;

export interface PartJob {
  /** Folder below the output folder (PRIMARY_DIR for the primary bundle, which alone keeps Pagefind's UI files). */
  readonly dir: string;
  /** An empty folder (absolute) that Pagefind writes the part's files to, until they are staged. */
  readonly scratch: string;
  /** The part's pages: each one's URL and the file it is read from (absolute), when its turn comes. */
  readonly pages: readonly { readonly url: string; readonly file: string }[];
}

export interface PartResult {
  readonly dir: string;
  /** Copies from the part's scratch folder; null when the index could not be made (problems say why). */
  readonly files: OutputFile[] | null;
  readonly problems: string[];
}

type Pagefind = typeof import('pagefind');

/** Pagefind's memory per page of the part it is indexing (about 250 KB measured, docs/search.md). */
const PAGEFIND_BYTES_A_PAGE = 256 * 1024;

/**
 * How many Pagefind processes to run side by side: one per thread, but together they may hold
 * at most half of the machine's memory (a part of 4,000 pages is about 1 GB).
 */
export function searchLanes(threads: number, largestPart: number, memory: number): number {
  return Math.max(1, Math.min(threads, Math.floor(memory / 2 / Math.max(1, largestPart * PAGEFIND_BYTES_A_PAGE))));
}

/**
 * Lets a few Pagefind processes at a time write their parts: a process holds about 60 KB a page
 * while pages go in and about 290 KB a page while it writes (sampled with ps: 250 MB, then
 * 1,160 MB, for 4,000 pages), so processes writing at once were the search stage's peak. Adding
 * a part's pages takes about as long as writing it, so with half the lanes writing and half
 * adding none waits for long: one writer for two lanes (measured, docs/search.md), four for
 * eight. Free turns are one Int32 in shared memory, so that the search workers (one per lane)
 * can share them.
 */
export class WriteTurn {
  readonly cell: Int32Array;
  /** `cell` shares another thread's turns; without it, `turns` new ones. */
  constructor(cell?: Int32Array, turns = 1) {
    this.cell = cell ?? new Int32Array(new SharedArrayBuffer(4)).fill(turns);
  }
  /** How many writers `lanes` side by side get. */
  static forLanes(lanes: number): WriteTurn {
    return new WriteTurn(undefined, Math.max(1, Math.floor(lanes / 2)));
  }
  async take(): Promise<void> {
    for (;;) {
      const free = Atomics.load(this.cell, 0);
      if (free > 0) {
        if (Atomics.compareExchange(this.cell, 0, free, free - 1) === free) return;
        continue;
      }
      const wait = Atomics.waitAsync(this.cell, 0, 0);
      if (!wait.async) continue;
      // Node does not count a pending waitAsync as work: a thread with nothing else to do would
      // exit while it waits. The timer holds the thread until a turn comes.
      const hold = setInterval(() => undefined, 60_000);
      await wait.value.finally(() => clearInterval(hold));
    }
  }
  give(): void {
    Atomics.add(this.cell, 0, 1);
    Atomics.notify(this.cell, 0, 1);
  }
}

/**
 * One part's index through `pagefind`, in a Pagefind process of its own, closed on every way out
 * (a process that had written a part kept 550-800 MB of it, sampled with ps, and grew by another
 * 140 MB with the next part). Writes when `turn` lets it. Null when `stop()` said to stop
 * between two pages.
 */
export async function indexPart(
  pagefind: Pagefind,
  part: PartJob,
  language: string,
  onPage: () => void,
  options: { readonly stop?: () => boolean; readonly turn?: WriteTurn } = {},
): Promise<PartResult | null> {
  const { stop = () => false, turn } = options;
  const lang = language.split('-')[0] ?? 'en';
  const problems: string[] = [];
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: lang });
    problems.push(...errors);
    if (!index) return { dir: part.dir, files: null, problems };
    // A page dated 1970 takes rank 0 of the date order, which Pagefind scores 0 in every part;
    // the search page's date mode weights parts so that ranks compare across them.
    const anchor = await index.addCustomRecord({ url: ANCHOR_URL, content: ANCHOR_WORD, language: lang, meta: { title: '' }, sort: { date: '0' } });
    problems.push(...anchor.errors);
    for (const page of part.pages) {
      if (stop()) return null;
      const res = await index.addHTMLFile({ url: page.url, content: spaceWords(await readFile(page.file, 'utf8'), language) });
      problems.push(...res.errors.map((e) => `${page.url}: ${e}`));
      onPage();
    }
    await turn?.take();
    const out = await index.writeFiles({ outputPath: part.scratch }).finally(() => turn?.give());
    problems.push(...out.errors);
    if (out.errors.length) return { dir: part.dir, files: null, problems };
    const files: OutputFile[] = [];
    for (const rel of await listFiles(part.scratch)) {
      if (part.dir !== PRIMARY_DIR && !PART_FILE.test(rel)) continue;
      const from = path.join(part.scratch, rel);
      files.push({ path: `${part.dir}${rel}`, kind: 'copy', from, size: (await stat(from)).size });
    }
    return { dir: part.dir, files, problems };
  } finally {
    await pagefind.close();
  }
}

/**
 * Builds the search index of each part; `language` is the paper's default. With `threads` > 1
 * and more than one part, parts are made side by side in worker threads, one Pagefind process
 * each. Each part's files go to `sink` as the part is done; `onPage` counts pages over all parts.
 * Null when `signal` aborted it (a watch session's newer save comes first).
 */
export async function buildSearchIndex(
  parts: readonly PartJob[],
  language: string,
  sink: PartSink,
  options: { readonly threads?: number; readonly onPage?: (done: number) => void; readonly signal?: AbortSignal } = {},
): Promise<SearchResult | null> {
  const { onPage = () => undefined, signal } = options;
  const threads = searchLanes(options.threads ?? 1, Math.max(0, ...parts.map((p) => p.pages.length)), totalmem());
  let done = 0;
  const results: { dir: string; paths: string[] | null; problems: string[] }[] = [];
  const scratchOf = new Map(parts.map((p) => [p.dir, p.scratch]));
  // Only a part made without problems reaches the sink: a failed build stages nothing of it.
  const take = async (r: PartResult) => {
    const ok = r.files !== null && r.problems.length === 0;
    if (ok) {
      await sink(r.files!);
      await rm(scratchOf.get(r.dir)!, { recursive: true, force: true });
    }
    results.push({ dir: r.dir, paths: r.files ? r.files.map((f) => f.path) : null, problems: r.problems });
  };
  if (threads <= 1 || parts.length <= 1 || FROM_SOURCE) {
    const pagefind = await import('pagefind');
    for (const part of parts) {
      const r = await indexPart(pagefind, part, language, () => onPage(++done), { stop: () => signal?.aborted === true });
      if (r === null) return null;
      await take(r);
      if (!r.files) break;
    }
  } else {
    // Largest first, so that the last part to start is a small one and the processes end together;
    // but the second lane starts with a smaller part, if there is one, so that the two do not
    // reach their first write turn together (one would wait a whole write: 3.4 s on the 10k paper).
    const order = [...parts].sort((a, b) => b.pages.length - a.pages.length);
    const smaller = order.findIndex((p) => p.pages.length < order[0]!.pages.length);
    if (smaller > 1) order.splice(1, 0, ...order.splice(smaller, 1));
    try {
      await inWorkers<PartJob, PartResult>(new URL('./worker.js', import.meta.url), { language, turn: WriteTurn.forLanes(Math.min(threads, parts.length)).cell }, order, {
        threads,
        batch: 1,
        name: 'search',
        signal,
        onNote: (pages) => onPage((done += pages as number)),
        onResults: async (_, made) => {
          for (const r of made) await take(r);
        },
      });
    } catch (e) {
      if (signal?.aborted) return null;
      throw e;
    }
  }
  const problems = results.flatMap((r) => r.problems);
  if (results.some((r) => !r.paths)) return { parts: new Map(), problems };
  return { parts: new Map(results.map((r) => [r.dir, r.paths!])), problems };
}
