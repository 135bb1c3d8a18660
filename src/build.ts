// The one place that knows the order of stages. Each stage is plain data in, plain data out;
// only load/ and write/ touch the disk. Nothing is written unless the whole build succeeded.
import path from 'node:path';
import { buildCatalog } from './catalog/index.js';
import { CONFIG_FILE, parseConfig } from './config.js';
import { buildError, hasErrors, sortErrors, type BuildError } from './errors.js';
import { createHash } from 'node:crypto';
import { displayPath, isDirectory, loadContent, loadTemplates, presentOutputs, releaseText, updateContent, type LoadedContent, type LoadedTemplates } from './load/index.js';
import type { Article, AssetFile, AuthorProfile, Catalog, OutputFile, PaperConfig, SourceFile } from './model.js';

/** Writers' profiles live in content/authors/. */
export const AUTHORS_DIR = 'authors';
import { defaultThreads, markdownFor, MIN_FOR_POOL, parseMany, type ParseResult } from './parse/pool.js';
import { termSlug } from './render/slugs.js';
import { relateAll, relateAllUnlessAborted } from './related/index.js';
import { renderSite, siteGlobals, type Shard } from './render/index.js';
import { pooled } from './render/pool.js';
import { compileTemplates } from './render/templates.js';
import { href } from './render/urls.js';
import { buildSearchIndex } from './search/index.js';
import { PARTS_FILE, PRIMARY_DIR, partsList, planParts, type StoredPart } from './search/parts.js';
import { checkOutDir, openStaging } from './write/index.js';
import { readCache, readState, removeState, writeCache, writeState, type DetachedText } from './load/cache.js';
import { imageStore, readImage } from './load/image-cache.js';
import { encoderVersion, planImage, processableFormat, processImages, settingsDigest, type ImageJob } from './images/index.js';
import type { ImageSet, RelatedMap } from './model.js';
import type { ProgressFn } from './progress.js';
import { carriedRelated, changedArticles, digestsOf, nextChange, type BuildSession } from './session.js';
import { newsWindowChange } from './render/sitemaps.js';
import { nextDayStart } from './time.js';
import type { Site } from './render/jobs.js';
import { quickRebuild } from './quick.js';
import { stageTiming, type StageTiming } from './timing.js';
import { HELPER_FROM, HELPER_UNTIL, startHelper, type Helper } from './helper/index.js';
import { bodyOf, deferBody, TextSpill } from './load/spill.js';
import { heapFor } from './heap.js';

export interface BuildOptions {
  /** Folder that relative paths and messages are shown against. */
  readonly cwd: string;
  readonly contentDir: string;
  readonly templatesDir: string;
  readonly outDir: string;
  readonly baseUrl?: string;
  readonly drafts?: boolean;
  /** Publish embargoed (future-dated) articles too. */
  readonly future?: boolean;
  /** Build time in epoch ms: the edition date, embargoes and expiries depend on it. */
  readonly now: number;
  /** Parse cache shared by the builds of a watch session. */
  readonly cache?: ParseCache;
  /**
   * Worker threads for parsing and rendering. By default one per core (at most 8), used only on
   * builds big enough to gain from them; a number given here is used whatever the size.
   */
  readonly threads?: number;
  /** Told how far each long stage has got (the CLI draws a progress line). */
  readonly onProgress?: ProgressFn;
  /** Folder of the persistent parse cache (e.g. .cache/build-paper), or null for none. */
  readonly cacheDir?: string | null;
  /** State kept between the builds of a watch session; the build reads and updates it. */
  readonly session?: BuildSession;
  /** Absolute paths in the content folder that changed since the session's last build. */
  readonly changes?: readonly string[];
  /** Nothing but `changes` changed: templates, theme assets and config are as last time. */
  readonly onlyContent?: boolean;
  /**
   * A watch session's fast rebuild: no search index (the last one stays), and on papers of at
   * least `exactRelatedFrom` articles the last related blocks are carried over. A later build
   * without `quick` settles both.
   */
  readonly quick?: boolean;
  readonly exactRelatedFrom?: number;
  /** Stops the search stage early (a watch session's settling build gives way to a new save). */
  readonly signal?: AbortSignal;
  /** Encoded images kept in memory between the builds of a watch session (used when there is no cacheDir). */
  readonly imageCache?: Map<string, Uint8Array>;
  /**
   * A sharded build (`--shard`): `{ index, count }` renders only that shard's article pages into
   * the output folder and nothing else; 'final' expects every article page already there (the
   * shards' output merged) and renders listings, feeds, sitemaps, images and the search index.
   */
  readonly shard?: Shard;
}

/** Papers this large or larger carry their related blocks over in a quick rebuild. */
export const EXACT_RELATED_FROM = 2000;

export type { StageTiming } from './timing.js';

export interface BuildResult {
  readonly ok: boolean;
  /** Errors and warnings, sorted by file and position. */
  readonly diagnostics: readonly BuildError[];
  readonly articles: number;
  readonly pages: number;
  readonly files: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Output paths written or removed by this build. */
  readonly changed: readonly string[];
  /** Articles parsed (not reused from the parse cache). */
  readonly parsed: number;
  /** Whether a helper thread parsed articles or computed the related blocks (helper/). */
  readonly helped: boolean;
  /** Pages rendered; the others were left on disk as they were (watch sessions). */
  readonly rendered: number;
  /**
   * How a watch session's rebuild went: 'words' when only articles' words changed and just the
   * pages showing them were rendered; 'pages' when pages were compared by key; 'full' otherwise.
   */
  readonly rebuild: 'words' | 'pages' | 'full';
  /** Whether related blocks and search index match the content exactly (false after a quick build). */
  readonly settled: boolean;
  /** Images encoded by this build, and images whose every variant came from the cache. */
  readonly images: { readonly processed: number; readonly cached: number };
  /** The site's base path from the config ("/" or "/paper/"), null when the config was unreadable. */
  readonly basePath: string | null;
  readonly timings: readonly StageTiming[];
  readonly ms: number;
}

/** Times each stage into `timings`. */
type Timer = <T>(stage: string, fn: () => T | Promise<T>) => Promise<T>;

function timer(timings: StageTiming[]): Timer {
  return async (stage, fn) => {
    const t0 = performance.now();
    const out = await fn();
    timings.push(stageTiming(stage, performance.now() - t0));
    return out;
  };
}

/** One source file parsed: its article (null when it has errors) and its problems. */
export interface ParsedFile {
  readonly article: Article | null;
  readonly errors: readonly BuildError[];
}

/**
 * Article bodies stay out of the heap until a page shows them: in the cache file's text buffer
 * (load/cache.ts), or in a one-off build's temporary file (load/spill.ts). Exported for tests.
 */
export const BODIES: DetachedText<ParsedFile> = {
  detach: (file) => (file.article ? { value: { ...file, article: { ...file.article, bodyHtml: '' } }, text: bodyOf(file.article) } : null),
  attach: (file, text) => {
    if (!file.article) return file;
    deferBody(file.article, text);
    // node:v8's deserializer makes a typed array that lies aligned in the file's bytes a view of
    // them, so an article's terms kept its whole cache file alive: 500 MB of array buffers in a
    // warm 100k build, for 200 MB of terms. A copy owns its bytes.
    (file.article as { terms: Int32Array }).terms = file.article.terms.slice();
    return file;
  },
};

/** Parsed articles kept between builds of a watch session, by source path. */
export type ParseCache = Map<string, { readonly key: string; readonly value: ParsedFile }>;

export interface PaperOptions {
  readonly cwd: string;
  /** Worker threads for parsing (default: one per core, at most 8; 1 parses in this thread). */
  readonly threads?: number;
  readonly onProgress?: ProgressFn;
  /** Reuse articles whose bytes and config are unchanged since the last build of this session. */
  readonly cache?: ParseCache;
  readonly contentDir: string;
  readonly baseUrl?: string;
  readonly drafts?: boolean;
  readonly future?: boolean;
  /** Build time in epoch ms; without it nothing is held back by date. */
  readonly now?: number;
  /** The content folder as last read, and what changed since: only those files are read again. */
  readonly previous?: { readonly content: LoadedContent; readonly changed: readonly string[] };
  /** The content folder already read by this build. */
  readonly loaded?: LoadedContent;
  /** A helper thread that parses a few files faster than this thread can load the parser (helper/). */
  readonly helper?: Helper | null;
  /** Where parsed bodies wait for their pages, out of the heap (load/spill.ts); none keeps them in memory. */
  readonly bodies?: TextSpill | null;
}

export interface Paper {
  readonly config: PaperConfig;
  readonly catalog: Catalog;
  readonly articles: readonly Article[];
  readonly authors: Readonly<Record<string, AuthorProfile>>;
  readonly parsed: number;
  /** Whether the helper thread parsed them. */
  readonly helped: boolean;
  readonly assets: readonly AssetFile[];
  readonly content: LoadedContent;
}

/**
 * The front half of a build: content folder -> config, parsed articles and catalog. Shared by
 * `build` and `build-paper related`. Null when the paper cannot be read at all.
 */
export async function readPaper(options: PaperOptions, diagnostics: BuildError[], time: Timer = timer([])): Promise<Paper | null> {
  if (!(await isDirectory(options.contentDir))) {
    const shown = displayPath(options.contentDir, options.cwd);
    diagnostics.push(buildError('config/missing', { file: shown }, `the folder ${shown} does not exist`, { hint: 'Pass --content with the folder that holds paper.yaml and the articles.' }));
    return null;
  }
  const content =
    options.loaded ??
    (await time('load', () =>
      options.previous
        ? updateContent(options.previous.content, options.contentDir, CONFIG_FILE, options.cwd, options.previous.changed)
        : loadContent(options.contentDir, CONFIG_FILE, options.cwd),
    ));
  diagnostics.push(...content.errors);
  // Before any worker starts: the setting is the process's, read by every thread's heap.
  heapFor(content.sources.length);
  if (!content.config) {
    const file = path.join(path.relative(options.cwd, options.contentDir) || '.', CONFIG_FILE).split(path.sep).join('/');
    diagnostics.push(buildError('config/missing', { file }, `no ${CONFIG_FILE} in the content folder`));
    return null;
  }
  const { config, errors: configErrors } = parseConfig(content.config.text, content.config.path, { baseUrl: options.baseUrl });
  diagnostics.push(...configErrors);
  if (!config) return null;

  if (config.baseUrl.startsWith('/')) {
    diagnostics.push(buildError('config/invalid', { file: content.config.path }, `"base_url" is a path without a host, so no feeds or sitemaps are written`, {
      severity: 'warning',
      hint: 'Set base_url to the public address, e.g. https://example.org/ (or pass --base-url).',
    }));
  }
  const { articles, authors, parsed, helped } = await time('parse', async () => {
    // Made only if there are writers' profiles to parse (parseMany makes its own).
    let renderMarkdown: Awaited<ReturnType<typeof markdownFor>> | undefined;
    const out: Article[] = [];
    const profiles: Record<string, AuthorProfile> = {};
    const isProfile = (s: SourceFile) => s.rel.startsWith(`${AUTHORS_DIR}/`);
    const keyOf = (s: SourceFile) => `${config.digest}:${s.digest}`;
    // Articles not in the cache are parsed up front, across the worker pool.
    const misses = content.sources.filter((s) => !isProfile(s) && options.cache?.get(s.rel)?.key !== keyOf(s));
    const spill = options.bodies;
    if (spill) {
      // A build that ends reads the markdown of the articles it parses, and no other: the
      // cached ones' texts go now (about 600 MB of heap in a warm 100k build, until this stage ended).
      const parsing = new Set(misses);
      for (const s of content.sources) if (!parsing.has(s) && !isProfile(s)) releaseText(s);
    }
    // Threads asked for by number are used however few the files; by default, only where they pay.
    const onDone = (done: number) => options.onProgress?.('parse', done, misses.length);
    // Fewer files than make a pool worth starting go to the helper, which has the parser loaded.
    const keep = (batch: ParseResult[]) => {
      if (!spill) return batch;
      const withBody = batch.filter((r) => r.article);
      const readers = spill.put(withBody.map((r) => r.article!.bodyHtml));
      withBody.forEach((r, i) => deferBody(r.article!, readers[i]!));
      return batch;
    };
    const inPool = () => parseMany(misses, config, options.threads ?? defaultThreads(), {
        onDone,
        ...(options.threads === undefined ? {} : { minForPool: 2 }),
        keep,
        // A build that ends never reads the markdown again (its content is let go after this stage).
        release: Boolean(spill),
      });
    let helped = Boolean(options.helper && misses.length > 0 && misses.length < MIN_FOR_POOL);
    // A helper that failed (it cannot start, say) leaves the work to this thread, which gives the same result.
    const fresh = helped
      ? await options.helper!.parse(misses, config).then(
          (r) => (onDone(r.length), keep(r)),
          () => ((helped = false), inPool()),
        )
      : await inPool();
    misses.forEach((s, i) => options.cache?.set(s.rel, { key: keyOf(s), value: fresh[i]! }));
    const freshByRel = new Map(misses.map((s, i) => [s.rel, fresh[i]!]));
    for (const source of content.sources) {
      // content/authors/*.md are writers' profiles, not articles.
      if (source.rel.startsWith(`${AUTHORS_DIR}/`)) {
        renderMarkdown ??= await markdownFor(config);
        const { parseAuthor } = await import('./parse/author.js');
        const { author, errors } = parseAuthor(source, renderMarkdown);
        diagnostics.push(...errors);
        if (author) profiles[termSlug(author.name)] = author;
        continue;
      }
      const { article, errors } = freshByRel.get(source.rel) ?? options.cache!.get(source.rel)!.value;
      diagnostics.push(...errors);
      if (article) out.push(article);
    }
    if (options.cache) {
      const present = new Set(content.sources.map((s) => s.rel));
      for (const rel of [...options.cache.keys()]) if (!present.has(rel)) options.cache.delete(rel);
    }
    return { articles: out, authors: profiles, parsed: misses.length, helped };
  });

  const catalog = await time('catalog', () => {
    const { catalog, errors } = buildCatalog(articles, config, { drafts: options.drafts ?? false, future: options.future ?? false, ...(options.now === undefined ? {} : { now: options.now }) });
    diagnostics.push(...errors);
    diagnostics.push(...missingAssets(articles, Object.values(authors), content.assets));
    return catalog;
  });
  return { config, catalog, articles, authors, parsed, helped, assets: content.assets, content };
}

/** The build's helper thread, if it has one (helper/); stop() lets its memory go. */
class HelperSlot {
  current: Helper | null = null;
  async stop(): Promise<void> {
    const h = this.current;
    this.current = null;
    await h?.close();
  }
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const helper = new HelperSlot();
  // A watch session keeps parsed articles between builds, so their bodies stay in memory.
  const bodies = options.session || options.cache ? null : new TextSpill();
  const cacheFiles: { close(): void }[] = [];
  try {
    return await buildWith(options, helper, bodies, cacheFiles);
  } finally {
    await helper.stop();
    bodies?.close();
    for (const c of cacheFiles) c.close();
  }
}

async function buildWith(options: BuildOptions, helper: HelperSlot, bodies: TextSpill | null, cacheFiles: { close(): void }[]): Promise<BuildResult> {
  const started = performance.now();
  const timings: StageTiming[] = [];
  const time = timer(timings);
  const diagnostics: BuildError[] = [];
  const result = (ok: boolean, extra: Partial<BuildResult> = {}): BuildResult => ({
    ok,
    diagnostics: sortErrors(diagnostics),
    articles: 0,
    pages: 0,
    files: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    changed: [],
    parsed: 0,
    rendered: 0,
    helped: false,
    rebuild: 'full',
    settled: true,
    images: { processed: 0, cached: 0 },
    basePath: null,
    timings,
    ms: performance.now() - started,
    ...extra,
  });

  const unsafe = checkOutDir(options.outDir, [options.contentDir, options.templatesDir], options.cwd);
  if (unsafe) {
    diagnostics.push(unsafe);
    return result(false);
  }
  // Files the quick path parsed before giving way (the parse cache then has them).
  let parsedEarly = 0;
  if (options.quick && options.onlyContent && options.session && options.changes) {
    const quick = await quickRebuild(
      { cwd: options.cwd, contentDir: options.contentDir, outDir: options.outDir, now: options.now, changes: options.changes, exactRelatedFrom: options.exactRelatedFrom ?? EXACT_RELATED_FROM, authorsDir: AUTHORS_DIR },
      options.session,
    );
    if (quick && 'timings' in quick) {
      timings.push(...quick.timings);
      return result(true, { ...quick, basePath: options.session.last!.site.config.basePath, settled: false, rebuild: 'words' });
    }
    parsedEarly = quick?.parsed ?? 0;
  }
  const themeFound = await isDirectory(options.templatesDir);
  if (!themeFound) {
    const shown = displayPath(options.templatesDir, options.cwd);
    diagnostics.push(buildError('template/missing', { file: shown }, `the folder ${shown} does not exist`, { hint: 'Pass --templates with a theme folder, or leave it out to use the built-in theme.' }));
  }
  const session = options.session;
  // Inputs and clock as the last build's, whose outputs are all there: nothing can change.
  let early: { content: LoadedContent; theme: LoadedTemplates; inputs: string } | null = null;
  if (options.cacheDir && !session && !options.quick && !options.shard && themeFound && (await isDirectory(options.contentDir))) {
    const cacheDir = options.cacheDir;
    early = await time('load', async () => {
      const [content, theme] = await Promise.all([loadContent(options.contentDir, CONFIG_FILE, options.cwd), loadTemplates(options.templatesDir, options.cwd)]);
      return { content, theme, inputs: inputsDigest(content, theme, options) };
    });
    const done = await readState<UnchangedState>(cacheDir, UNCHANGED_STATE);
    if (done && done.inputs === early.inputs && done.from <= options.now && options.now < done.until && (await presentOutputs(options.outDir, done.outputs)).size === done.outputs.length) {
      diagnostics.push(...done.warnings);
      return result(true, { ...done.summary, parsed: 0, rendered: 0, written: 0, removed: 0, unchanged: done.outputs.length, rebuild: 'pages' });
    }
    // Something changed in a big paper: the helper loads the parser and the related engine while
    // this thread reads the parse cache. (Started any earlier, it slowed the reading of the
    // content folder by a quarter: the two cores here share more than they seem to.) Threads
    // asked for by number mean a helper whatever the size, as for the pools. The biggest papers
    // relate in this thread, to hold one copy of the related index (HELPER_UNTIL).
    const size = early.content.sources.length;
    if (options.threads === undefined ? size >= HELPER_FROM && size < HELPER_UNTIL && defaultThreads() > 1 : options.threads > 1) helper.current = startHelper();
  }
  // The persistent cache seeds the in-memory one; entries are keyed by config and file digest.
  let cache: ParseCache | undefined = session?.parse ?? options.cache;
  if (options.cacheDir && (!cache || (session && session.last === null && cache.size === 0))) {
    // A build that ends reads cached bodies from the cache files when it uses them; a watch
    // session, or a caller's cache kept across builds, holds them (the files close with the build).
    const read = await readCache<ParsedFile>(options.cacheDir, BODIES, { onDisk: bodies !== null });
    cacheFiles.push(read);
    if (cache) for (const [k, v] of read.cache) cache.set(k, v);
    else cache = read.cache;
  }
  const cachedBefore = cache?.size ?? 0;
  /** Writes the persistent parse cache when this build parsed or dropped articles. */
  const saveParseCache = async (parsed: number) => {
    if (options.cacheDir && cache && (parsed > 0 || cache.size !== cachedBefore)) await writeCache(options.cacheDir, cache, BODIES);
  };
  const previous = session?.content && options.changes ? { content: session.content, changed: options.changes } : undefined;
  const reading = readPaper({ ...options, ...(cache ? { cache } : {}), ...(previous ? { previous } : {}), ...(early ? { loaded: early.content } : {}), helper: helper.current, bodies }, diagnostics, time).then((read) => {
    if (session && read) session.content = read.content;
    // Only a watch session reads the articles' markdown again (to re-read what changed). Without
    // one, the loaded content is let go once parsed: about 5 KB an article, which a 100k archive
    // held for the whole build (--verbose: 632 MiB of heap after the load stage). Nothing in
    // this function may keep a reference to it.
    return read && !session ? { ...read, content: null } : read;
  });
  const inputs = early?.inputs ?? null;
  const earlyTheme = early?.theme;
  early = null;
  const [paper, theme] = await Promise.all([reading, themeFound ? (earlyTheme ?? loadTemplates(options.templatesDir, options.cwd)) : null]);
  if (!paper || !theme) return result(false);
  const { config, catalog, assets: contentAssets } = paper;
  // A build that parsed in the pool is a cold one: related then runs here, as before there was a
  // helper. With the helper, a cold 100k build waited 6 s for related instead of ~10 s, out of
  // 650 s, but peaked at 6,327 MiB against 5,686 MiB in the last run without it (not an A/B:
  // the output folder differed), and a cold build's memory is what issue 6 asks to bound.
  if (!paper.helped && paper.parsed >= MIN_FOR_POOL) await helper.stop();
  const last = session?.last ?? null;

  // The related blocks depend on the config and on the published articles, in order. When the last
  // run's blocks were for other articles, the helper starts on them now, while this thread checks
  // the output folder, compiles the templates and plans the pages.
  const relatedInputs = createHash('sha256').update(catalog.chronology.map((id) => `${id}\0${catalog.byId[id]!.digest}`).join('\n')).digest('hex');
  // Without a watch session, the last run's state in the cache folder plays the session's part.
  const lastState = !session && !options.shard && options.cacheDir ? await readState<RenderState>(options.cacheDir, RENDER_STATE) : null;
  const carry = Boolean(options.quick && last && catalog.chronology.length >= (options.exactRelatedFrom ?? EXACT_RELATED_FROM));
  /** Whether the helper computed the blocks. */
  let relatedByHelper = false;
  const relate = () => {
    if (!helper.current || carry || options.signal) return null;
    const blocks = helper.current.relate(catalog, config.related).then(
      (map) => ((relatedByHelper = true), map),
      // A helper that fails leaves the blocks to this thread.
      () => relateAll(catalog, config.related),
    );
    // Awaited by render unless the build fails first; a failure then must not go unhandled.
    blocks.catch(() => undefined);
    return blocks;
  };
  let relating = lastState?.relatedInputs !== relatedInputs ? relate() : null;

  // Images are planned up front (pure): render writes their markup before anything is encoded.
  const plan = planImages(catalog, contentAssets, config.images, diagnostics);

  // Theme assets get content-hashed names so hosts can cache them for ever.
  const themeFiles = theme.assets.map((a) => ({ asset: a, path: `assets/${fingerprint(a)}` }));
  const assetHrefs = Object.fromEntries(themeFiles.map((t) => [t.asset.rel, href(config, t.path)]));
  const imageSizes = Object.fromEntries(contentAssets.flatMap((a) => (a.width && a.height ? [[a.rel, { width: a.width, height: a.height }]] : [])));
  const globals = { site: siteGlobals(config, options.now, assetHrefs) };
  // Everything every page depends on: when it changes, a watch session renders every page.
  const global = createHash('sha256')
    .update(JSON.stringify([config.digest, theme.templates.map((t) => [t.rel, t.text]), globals, imageSizes, plan.sets]))
    .digest('hex');
  // The last run's state applies to this output folder and these globals, or not at all.
  const state = lastState && lastState.outDir === path.resolve(options.outDir) && lastState.global === global ? lastState : null;
  const stored = state && (await presentOutputs(options.outDir, state.outputs)).size === state.outputs.length ? storedRender(state) : null;
  // Without a usable state there are no blocks to reuse.
  if (!stored) relating ??= relate();
  const memo = last && last.global === global
    ? { keys: last.keys, changed: changedArticles(digestsOf(last.site.catalog.byId), catalog.byId) }
    : stored
      ? { keys: stored.keys, changed: changedArticles(stored.articles, catalog.byId) }
      : undefined;
  if (session && !memo) session.views = new WeakMap();
  const compiled = compileTemplates(theme.templates, globals);
  diagnostics.push(...compiled.errors);

  // Blocks from the helper are waited for by render, once it has planned the pages.
  const computed = relating
    ? {}
    : await time('related', () =>
        carry
          ? carriedRelated(last!.site.related, catalog.chronology, catalog.byId)
          : stored && stored.relatedInputs === relatedInputs
            ? stored.related
            : options.signal
              ? relateAllUnlessAborted(catalog, config.related, options.signal)
              : relateAll(catalog, config.related),
      );
  if (computed === null) return result(false, { articles: catalog.chronology.length, basePath: config.basePath, settled: false });
  let related: RelatedMap = computed;
  /** Time render spent waiting for the helper's blocks: the related stage's time, not render's. */
  let relatedWait = 0;
  const later = relating
    ? async () => {
        const t0 = performance.now();
        related = await relating;
        relatedWait = performance.now() - t0;
        timings.push(stageTiming('related', relatedWait));
        // Nothing else for the helper to do: its memory goes back before pages are rendered.
        await helper.stop();
        return related;
      }
    : undefined;
  const base = { basePath: config.basePath, parsed: paper.parsed + parsedEarly, settled: !options.quick };

  const images = { sets: plan.sets, sizes: imageSizes };
  const templates = compiled.templates;
  // Nothing reaches the output folder before the build has succeeded: files wait in a staging
  // folder (write/index.ts) and are moved in at the end, or dropped on failure.
  const staging = await openStaging(options.outDir);
  try {
    const renderStart = performance.now();
    const rendered = await (async () => {
      if (!templates) return null;
      // Worker threads when there are enough pages to render (not for a watch session's few).
      // Threads asked for by number are used however few the pages; by default, only where they pay.
      const renderer = pooled(templates, theme.templates, globals, options.threads ?? defaultThreads(), options.threads === undefined ? undefined : 2);
      // Each page goes to the staging folder as soon as it is rendered, so no build holds them all.
      const planned: Site = { config, catalog, related, now: options.now, images, authors: paper.authors, ...(session ? { views: session.views } : {}) };
      const out = await renderSite(planned, renderer, (file) => staging.put(file), (done) => options.onProgress?.('render', done, null), memo, options.shard, { ...(later ? { later } : {}), jobs: Boolean(session) });
      diagnostics.push(...out.errors);
      return out;
    })();
    timings.push(stageTiming('render', performance.now() - renderStart - relatedWait));
    const site: Site = { config, catalog, related, now: options.now, images, authors: paper.authors };
    // Encoded even when another file has an error, so that every problem shows in one run. (Not
    // alongside render: render holds the main thread, so the overlap would be small and the
    // stage timings would lie.)
    const store = imageStore(options.cacheDir ?? null, options.imageCache);
    // A shard leaves images to the final step.
    const sharded = options.shard !== undefined && options.shard !== 'final';
    const encoded = sharded
      ? { files: [], errors: [], processed: 0, cached: 0 }
      : await time('images', () => processImages(plan.jobs, config.images, { store, read: readImage, onImage: (done) => options.onProgress?.('images', done, plan.jobs.length) }));
    diagnostics.push(...encoded.errors);
    const imageStats = { processed: encoded.processed, cached: encoded.cached };

    if (rendered && options.shard === 'final') {
      // The article pages come from the shards: every one must be in the output folder.
      const present = await presentOutputs(options.outDir, rendered.kept);
      const missing = rendered.kept.filter((p) => !present.has(p));
      for (const p of missing.slice(0, 10)) {
        diagnostics.push(buildError('output/missing-shard', { file: displayPath(path.join(options.outDir, p), options.cwd) }, `the article page ${p} is not in the output folder: a shard's output is missing`));
      }
      if (missing.length > 10) diagnostics.push(buildError('output/missing-shard', { file: displayPath(options.outDir, options.cwd) }, `${missing.length - 10} more article pages are missing`));
    }
    if (!rendered || hasErrors(diagnostics)) return result(false, { articles: catalog.chronology.length, ...base, images: imageStats });
    if (sharded) {
      // A shard's output is its article pages and nothing else; other shards' pages stay.
      const written = await time('write', () => staging.commit({ only: true }));
      await saveParseCache(paper.parsed);
      if (options.cacheDir) await Promise.all([removeState(options.cacheDir, RENDER_STATE), removeState(options.cacheDir, UNCHANGED_STATE)]);
      return result(true, { articles: catalog.chronology.length, pages: rendered.rendered, rendered: rendered.rendered, files: rendered.sunk.length, ...base, ...written, images: imageStats });
    }

    // A quick build leaves the last search index in place; otherwise only the parts of the index
    // whose pages changed are made again (search/parts.ts), the others stay on disk.
    const keep = new Set(rendered.kept);
    let searchFiles: OutputFile[] = [];
    let searchParts: readonly StoredPart[] = [];
    // The output paths of the parts indexed by this build (staged as each part was made), by folder.
    let made = new Map<string, string[]>();
    if (options.quick && last) {
      for (const p of last.outputs) if (p.startsWith(PRIMARY_DIR)) keep.add(p);
      searchParts = last.searchParts;
    } else {
      const indexed = rendered.articlePages.map((p) => {
        const a = catalog.byId[p.articleId]!;
        return { url: p.url, published: a.date.epochMs, digest: a.digest };
      });
      // Besides its own article, an article page's indexed part shows the templates, the config
      // and writers' names (profiles); other articles (the related block) stay outside it.
      const salt = createHash('sha256').update(JSON.stringify([global, config.language, paper.authors])).digest('hex');
      const parts = planParts(indexed, config.search.partSize, salt, config.search.maxPartSize);
      const before = new Map((last?.searchParts ?? stored?.searchParts ?? []).map((p) => [p.dir, p]));
      const todo = parts.filter((p) => before.get(p.dir)?.key !== p.key);
      const pathOf = new Map(rendered.articlePages.map((p) => [p.url, p.path]));
      if (todo.length > 0) {
        const total = todo.reduce((n, p) => n + p.urls.length, 0);
        // Rendered pages are in the staging folder, kept ones in the output folder.
        const jobs = todo.map((part) => ({ dir: part.dir, scratch: staging.scratch(), pages: part.urls.map((url) => ({ url, file: staging.where(pathOf.get(url)!) })) }));
        const search = await time('search', () => buildSearchIndex(jobs, config.language, (made) => staging.putAll(made), { threads: options.threads ?? defaultThreads(), onPage: (done) => options.onProgress?.('search', done, total), signal: options.signal }));
        if (search === null) return result(false, { articles: catalog.chronology.length, ...base, images: imageStats, settled: false });
        if (search.problems.length) throw new Error(`search index failed: ${search.problems.join('; ')}`);
        made = search.parts;
      }
      searchParts = parts.map((p) => {
        const fresh = made.get(p.dir);
        if (fresh) return { dir: p.dir, key: p.key, files: fresh };
        const files = before.get(p.dir)!.files;
        for (const f of files) keep.add(f);
        return { dir: p.dir, key: p.key, files };
      });
      searchFiles.push({ path: `${PRIMARY_DIR}${PARTS_FILE}`, kind: 'text', content: partsList(parts) });
    }

    // Originals are copied only when something uses the file itself (a link, a profile photo, a
    // GIF or SVG): pages show the variants, so a 20 MB camera JPEG never reaches the site.
    const used = new Set<string>();
    for (const id of catalog.chronology) for (const ref of catalog.byId[id]!.assets) if (!ref.image || !plan.sets[ref.rel]) used.add(ref.rel);
    for (const p of Object.values(paper.authors)) if (p.photo) used.add(p.photo.src);
    const files: OutputFile[] = [
      ...rendered.files,
      ...searchFiles,
      ...themeFiles.map((t): OutputFile => ({ path: t.path, kind: 'copy', from: t.asset.abs, size: t.asset.size })),
      ...contentAssets.filter((a) => used.has(a.rel)).map((a): OutputFile => ({ path: a.rel, kind: 'copy', from: a.abs, size: a.size })),
      ...encoded.files,
    ];
    const written = await time('write', async () => {
      await staging.putAll(files, (done) => options.onProgress?.('write', done, files.length));
      // The last build's outputs (a watch session's, or the stored state's, whose every file was
      // found on disk) say what may be stale, so the output folder is not walked.
      return staging.commit(last ? { keep, previous: last.outputs } : stored ? { keep, previous: new Set(stored.outputs) } : { keep });
    });
    const indexFiles = [...made.values()].flat();
    const outputs = [...files.map((f) => f.path), ...indexFiles, ...rendered.sunk, ...keep].sort();
    const saveStart = performance.now();
    if (!options.quick) await saveParseCache(paper.parsed);
    // Nothing rendered, indexed, written or removed, and the same published articles: the stored state still holds.
    const sameState = stored !== null && stored.relatedInputs === relatedInputs && rendered.rendered === 0 && made.size === 0 && written.written === 0 && written.removed === 0;
    if (options.cacheDir && !session && !sameState) {
      const state: RenderState = {
        outDir: path.resolve(options.outDir),
        global,
        keys: [...rendered.keys],
        articles: catalog.chronology.map((id) => [id, catalog.byId[id]!.digest]),
        outputs,
        searchParts,
        relatedInputs,
        related,
      };
      await writeState(options.cacheDir, RENDER_STATE, state);
    } else if (options.cacheDir && session) {
      // A watch session changes the folder build by build (some unsettled): the next run renders all.
      await removeState(options.cacheDir, RENDER_STATE);
    }
    const summary = {
      articles: catalog.chronology.length,
      pages: rendered.keys.size,
      files: files.length + indexFiles.length + rendered.sunk.length + keep.size,
      basePath: config.basePath,
    };
    if (options.cacheDir && inputs !== null && !options.quick) {
      // Until the clock reaches an embargo or expiry, the next edition day or an article's exit
      // from the news sitemap, the same inputs give this same output folder.
      const until = Math.min(nextChange(paper.articles, options.now), nextDayStart(options.now, config.timeZone), newsWindowChange(catalog, options.now));
      const state: UnchangedState = { inputs, from: options.now, until, outputs, summary, warnings: diagnostics };
      await writeState(options.cacheDir, UNCHANGED_STATE, state);
    } else if (options.cacheDir) {
      // A watch session's or the final shard's folder: the next build checks everything.
      await removeState(options.cacheDir, UNCHANGED_STATE);
    }
    await store.prune(new Set(encoded.files.map((f) => f.path)));
    timings.push(stageTiming('save', performance.now() - saveStart));
    if (session) {
      session.last = {
        global,
        keys: rendered.keys,
        outputs: new Set(outputs),
        settled: !options.quick,
        site,
        templates: templates!,
        globals: JSON.stringify(globals),
        assetHrefs,
        jobs: rendered.jobs,
        dependents: rendered.dependents,
        nextChange: nextChange(paper.articles, options.now),
        searchParts,
      };
    }
    return result(true, {
      ...summary,
      images: imageStats,
      rendered: rendered.rendered,
      rebuild: memo ? 'pages' : 'full',
      ...base,
      helped: paper.helped || relatedByHelper,
      settled: !options.quick,
      ...written,
      // Files left as they were: compared and found equal, or known unchanged by their page key.
      unchanged: written.unchanged + keep.size,
    });
  } finally {
    await staging.discard();
  }
}

/**
 * Image sets of the JPEG and PNG files that published articles show, and one encoding job per
 * file (first use first, so the order is stable). A JPEG or PNG whose size cannot be read is an error.
 */
function planImages(catalog: Catalog, assets: readonly AssetFile[], config: PaperConfig['images'], diagnostics: BuildError[]): { sets: Record<string, ImageSet>; jobs: ImageJob[] } {
  const byRel = new Map(assets.map((a) => [a.rel, a]));
  const settings = settingsDigest(config, encoderVersion());
  const sets: Record<string, ImageSet> = {};
  const jobs: ImageJob[] = [];
  const seen = new Set<string>();
  for (const id of catalog.chronology) {
    const article = catalog.byId[id]!;
    for (const ref of article.assets) {
      const asset = byRel.get(ref.rel);
      if (!ref.image || !asset || !processableFormat(ref.rel) || seen.has(ref.rel)) continue;
      seen.add(ref.rel);
      const usedAt = { file: article.sourcePath, line: ref.line, column: ref.column };
      const set = planImage(asset, config, settings);
      if (!set) {
        diagnostics.push(buildError('asset/unreadable-image', usedAt, `"${ref.rel}" is not a readable ${processableFormat(ref.rel)!.toUpperCase()} image`));
        continue;
      }
      sets[ref.rel] = set;
      jobs.push({ set, abs: asset.abs, usedAt });
    }
  }
  return { sets, jobs };
}

/** What a build rendered into an output folder, kept in the cache folder for the next run. */
interface RenderState {
  readonly outDir: string;
  /** Digest of everything every page depends on (config, templates, globals, images). */
  readonly global: string;
  /** Each page's key by site path. */
  readonly keys: readonly (readonly [string, string])[];
  /** Published article ids with their source digests. */
  readonly articles: readonly (readonly [string, string])[];
  readonly outputs: readonly string[];
  /** The parts of the search index: each one's folder, key and files. */
  readonly searchParts: readonly StoredPart[];
  /** Digest of the published articles (ids and source digests, in order) and the blocks they gave. */
  readonly relatedInputs: string;
  readonly related: RelatedMap;
}

const RENDER_STATE = 'render.bin';

/**
 * The last full build's inputs and how long its output stays right: a build whose inputs digest
 * matches, whose clock is in [from, until) and whose outputs are all in the folder changes nothing,
 * so it stops after reading the content folder (no parse cache, catalog or page keys).
 */
interface UnchangedState {
  readonly inputs: string;
  readonly from: number;
  readonly until: number;
  readonly outputs: readonly string[];
  readonly summary: Pick<BuildResult, 'articles' | 'pages' | 'files' | 'basePath'>;
  /** The warnings that build gave, given again. */
  readonly warnings: readonly BuildError[];
}

const UNCHANGED_STATE = 'unchanged.bin';

/**
 * Everything a build's output depends on besides the clock and build-paper's own code (the state
 * file is dropped when the code changes): every content and theme file, the options that change
 * pages, and the runtime's date, time-zone and image libraries.
 */
function inputsDigest(content: LoadedContent, theme: LoadedTemplates, options: BuildOptions): string {
  const hash = createHash('sha256');
  const v = process.versions;
  hash.update(JSON.stringify([v.node, v.icu, v.unicode, v.tz ?? null, encoderVersion(), options.baseUrl ?? null, options.drafts ?? false, options.future ?? false]));
  // Paths show in messages and decide where files go.
  hash.update(JSON.stringify([options.cwd, options.contentDir, options.templatesDir, options.outDir].map((p) => path.resolve(p))));
  for (const [rel, entry] of content.entries) {
    hash.update(`\n${entry.kind}:${rel}\0`);
    if (entry.kind === 'config') hash.update(entry.file.text);
    else if (entry.kind === 'source' || entry.kind === 'asset') hash.update(entry.file.digest);
    else if (entry.kind === 'error') hash.update(JSON.stringify(entry.error));
  }
  for (const t of theme.templates) hash.update(`\ntemplate:${t.rel}\0`).update(t.text);
  for (const a of theme.assets) hash.update(`\ntheme-asset:${a.rel}\0${a.digest}`);
  return hash.digest('hex');
}

/** The stored state in the form the build uses (once every file it wrote was found still there: a deleted or edited dist/ means rendering everything). */
function storedRender(state: RenderState): { keys: Map<string, string>; articles: Map<string, string>; outputs: readonly string[]; searchParts: readonly StoredPart[]; relatedInputs: string; related: RelatedMap } {
  return { keys: new Map(state.keys), articles: new Map(state.articles), outputs: state.outputs, searchParts: state.searchParts, relatedInputs: state.relatedInputs, related: state.related };
}

/** Files that articles and writers' profiles use but the content folder does not have. */
function missingAssets(articles: readonly Article[], profiles: readonly AuthorProfile[], assets: readonly AssetFile[]): BuildError[] {
  const known = new Set(assets.map((a) => a.rel));
  const errors: BuildError[] = [];
  for (const p of profiles) {
    if (p.photo && !known.has(p.photo.src)) {
      errors.push(buildError('asset/missing', { file: p.sourcePath }, `the photo "${p.photo.src}" does not exist in the content folder`));
    }
  }
  for (const a of articles) {
    for (const ref of a.assets) {
      if (!known.has(ref.rel)) {
        errors.push(buildError('asset/missing', { file: a.sourcePath, line: ref.line, column: ref.column }, `the file "${ref.rel}" does not exist in the content folder`));
      }
    }
  }
  return errors;
}

function fingerprint(asset: AssetFile): string {
  const dot = asset.rel.lastIndexOf('.');
  const hash = asset.digest.slice(0, 10);
  return dot > asset.rel.lastIndexOf('/') ? `${asset.rel.slice(0, dot)}.${hash}${asset.rel.slice(dot)}` : `${asset.rel}.${hash}`;
}
