// `build-paper serve` and `build --watch`: build, then watch content/, templates/ and the config
// with chokidar, sort each change into a kind, and rebuild once per burst. A failed rebuild
// leaves the last good site in place (the build writes nothing on error) and is shown in the
// terminal and, through the server, in every open tab.
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { build, EXACT_RELATED_FROM, type BuildOptions, type BuildResult } from '../build.js';
import { CONFIG_FILE } from '../config.js';
import { formatError } from '../errors.js';
import { RebuildQueue, type Burst, type ChangeKind } from './queue.js';
import { startServer, type PreviewServer } from './server.js';
import { isInside } from '../paths.js';
import { createSession } from '../session.js';

export interface WatchOptions {
  readonly build: Omit<BuildOptions, 'now' | 'cache' | 'imageCache' | 'session' | 'changes' | 'onlyContent' | 'quick' | 'signal'>;
  /**
   * Quiet time after a quick rebuild before the settling build (exact related blocks, search
   * index): 1 s by default, 5 s on papers of EXACT_RELATED_FROM articles or more.
   */
  readonly settleMs?: number;
  /** The build clock, read at every rebuild. */
  readonly clock: () => number;
  /** Serve the output folder too (under the site's base path). */
  readonly serve?: { readonly host: string; readonly port: number };
  /** Where progress and errors go (the CLI passes the terminal). */
  readonly log: (line: string) => void;
  /** Called after every build, for tests and benchmarks. */
  readonly onBuild?: (result: BuildResult, burst: Burst | null) => void;
}

export interface WatchSession {
  readonly url: string | null;
  readonly queue: RebuildQueue;
  close(): Promise<void>;
}

export async function watchPaper(options: WatchOptions): Promise<WatchSession> {
  let session = createSession();
  // Encoded images outlive each rebuild, so saving an article never re-encodes its photo.
  const imageCache = new Map<string, Uint8Array>();
  const outDir = path.resolve(options.build.outDir);
  let server: PreviewServer | null = null;
  let basePath = '/';
  let settleTimer: NodeJS.Timeout | null = null;
  let settling: AbortController | null = null;
  // Big papers wait longer before settling: it costs seconds of related scoring and indexing.
  let articles = 0;

  // A save gets a quick rebuild (only what it changed; no search index, and on big papers the
  // related blocks carried over); once the writer pauses, a settling build makes both exact.
  const runBuild = async (burst: Burst | null) => {
    const settle = burst !== null && burst.kinds.size === 1 && burst.kinds.has('settle');
    if (burst?.kinds.has('config')) session = createSession();
    const contentDir = path.resolve(options.build.contentDir);
    const changes = (burst?.paths ?? []).filter((p) => p !== '');
    settling = settle ? new AbortController() : null;
    const result = await build({
      imageCache,
      ...options.build,
      now: options.clock(),
      session,
      ...(burst && !burst.kinds.has('config') ? { changes: changes.filter((p) => isInside(contentDir, p)) } : {}),
      quick: burst !== null && !settle,
      onlyContent: burst !== null && [...burst.kinds].every((k) => k === 'content'),
      ...(settling ? { signal: settling.signal } : {}),
    });
    const aborted = settling?.signal.aborted ?? false;
    settling = null;
    if (aborted) return;
    if (result.basePath && !server) basePath = result.basePath;
    if (result.ok) articles = result.articles;
    if (!settle || result.changed.length > 0 || !result.ok) report(result, burst);
    options.onBuild?.(result, burst);
    if (result.ok && !result.settled) scheduleSettle();
  };

  const scheduleSettle = () => {
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      settleTimer = null;
      queue.add('settle', '');
    }, options.settleMs ?? (articles >= EXACT_RELATED_FROM ? 5000 : 1000));
  };

  const report = (result: BuildResult, burst: Burst | null) => {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const what = !burst ? 'first build' : burst.kinds.has('settle') && burst.kinds.size === 1 ? 'related blocks and search index' : `${burst.paths.length} change${burst.paths.length === 1 ? '' : 's'}`;
    if (!result.ok) {
      const text = errors.map(formatError).join('\n\n');
      options.log(`${text}\n\nBuild failed (${what}): ${errors.length} error${errors.length === 1 ? '' : 's'}; still serving the last good build.`);
      server?.broadcast('build-error', { text });
      return;
    }
    options.log(`Rebuilt (${what}) in ${result.ms.toFixed(0)} ms: ${result.parsed} parsed, ${result.rendered} rendered, ${result.written} written, ${result.removed} removed`);
    server?.broadcast('built', { changed: result.changed.map((p) => siteUrl(basePath, p)) });
  };

  await runBuild(null);
  if (options.serve) {
    server = await startServer(outDir, basePath, options.serve.host, options.serve.port);
  }
  const queue = new RebuildQueue((burst) => runBuild(burst));
  const contentDir = path.resolve(options.build.contentDir);
  const templatesDir = path.resolve(options.build.templatesDir);
  const kindOf = (file: string): ChangeKind =>
    file === path.join(contentDir, CONFIG_FILE) ? 'config' : isInside(templatesDir, file) ? 'template' : 'content';
  const watcher: FSWatcher = watch([contentDir, templatesDir], {
    ignoreInitial: true,
    // The output folder, dot-files (editor swap files, .git) and node_modules never trigger a build.
    ignored: (file: string) => isInside(outDir, file) || path.basename(file).startsWith('.') || file.split(path.sep).includes('node_modules'),
  });
  for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) {
    watcher.on(event, (file: string) => {
      // A new save comes first: a settling build stops its search index and waits its turn.
      settling?.abort();
      if (settleTimer) clearTimeout(settleTimer);
      settleTimer = null;
      queue.add(kindOf(path.resolve(file)), path.resolve(file));
    });
  }
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    url: server?.url ?? null,
    queue,
    async close() {
      if (settleTimer) clearTimeout(settleTimer);
      settling?.abort();
      queue.dispose();
      await watcher.close();
      await queue.idle();
      await server?.close();
    },
  };
}

/** "national/x/index.html" -> "/base/national/x/"; other files keep their names. */
export function siteUrl(basePath: string, outputPath: string): string {
  const p = outputPath.endsWith('index.html') ? outputPath.slice(0, -'index.html'.length) : outputPath;
  return `${basePath}${p}`;
}
