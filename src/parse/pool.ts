// Parsing is the costliest stage and every file parses on its own, so it runs in a pool of
// worker threads sized to the machine. Results come back in input order, so the output is
// byte-identical to a single-threaded build.
import { availableParallelism } from 'node:os';
import type { BuildError } from '../errors.js';
import type { Article, PaperConfig, SourceFile } from '../model.js';
import { FROM_SOURCE, inWorkers } from '../workers.js';
import { releaseText } from '../load/index.js';
import type { createMarkdown } from './markdown.js';

export interface ParseResult {
  readonly article: Article | null;
  readonly errors: readonly BuildError[];
}

/**
 * Below this many files a pool costs more (start-up, copying results back) than it saves:
 * measured with `npm run bench` on 2 cores, 1,000 articles parsed in 4.2 s in one thread and
 * 7.4 s in two workers, 3,000 about even, 10,000 in 38 s against 22.5 s.
 */
export const MIN_FOR_POOL = 3000;
const BATCH = 50;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * The markdown processors for a config, made once per config record (a watch session reuses it).
 * The unified stack is imported on first use: it is a quarter of a second of module loading that a
 * warm build with nothing to parse never needs.
 */
export async function markdownFor(config: PaperConfig): Promise<Markdown> {
  let md = processors.get(config);
  if (!md) {
    const { createMarkdown } = await import('./markdown.js');
    md = createMarkdown({ basePath: config.basePath, allowHtml: config.markdown.allowHtml, iframeHosts: config.markdown.iframeHosts });
    processors.set(config, md);
  }
  return md;
}

type Markdown = ReturnType<typeof createMarkdown>;

const processors = new WeakMap<PaperConfig, Markdown>();


/**
 * Parses `sources`, results in input order. `keep` gets each batch of results as it arrives and
 * gives back what is kept of them (a one-off build moves the bodies to disk: load/spill.ts), so
 * the batches are never all held as parsed. With `release`, each source's text is let go (made
 * '') once it is parsed or sent to a worker: a one-off build reads its content once, and a 100k
 * archive's markdown is about 600 MB of heap, held through the whole parse stage otherwise.
 */
export async function parseMany(
  sources: readonly SourceFile[],
  config: PaperConfig,
  threads: number,
  options: {
    readonly onDone?: (done: number) => void;
    readonly minForPool?: number;
    readonly keep?: (batch: ParseResult[]) => ParseResult[];
    readonly release?: boolean;
  } = {},
): Promise<ParseResult[]> {
  const { onDone = () => undefined, minForPool = MIN_FOR_POOL, keep = (batch) => batch, release = false } = options;
  if (sources.length === 0) return [];
  const results: ParseResult[] = new Array(sources.length);
  const take = (from: number, batch: ParseResult[]) => keep(batch).forEach((r, i) => (results[from + i] = r));
  const letGo = (s: SourceFile) => {
    if (release) releaseText(s);
  };
  if (threads <= 1 || sources.length < minForPool || FROM_SOURCE) {
    // Imported here, not up front: a warm build with nothing to parse never loads the parser.
    const [{ parseArticle }, md] = await Promise.all([import('./article.js'), markdownFor(config)]);
    for (let from = 0; from < sources.length; from += BATCH) {
      const batch = sources.slice(from, from + BATCH).map((s, i) => {
        const r = parseArticle(s, config, md);
        letGo(s);
        onDone(from + i + 1);
        return r;
      });
      take(from, batch);
    }
    return results;
  }
  await inWorkers<SourceFile, ParseResult>(new URL('./worker.js', import.meta.url), { config }, sources, {
    threads,
    batch: BATCH,
    name: 'parse',
    onDone,
    onResults: take,
    // The copy is what goes to the worker (cloned when the batch is posted, right after this).
    prepare: (s) => {
      const sent = { ...s };
      letGo(s);
      return sent;
    },
  });
  return results;
}
