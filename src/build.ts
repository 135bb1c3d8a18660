// The one place that knows the order of stages. Each stage is plain data in, plain data out;
// only load/ and write/ touch the disk. Nothing is written unless the whole build succeeded.
import path from 'node:path';
import { buildCatalog } from './catalog/index.js';
import { CONFIG_FILE, parseConfig } from './config.js';
import { buildError, hasErrors, sortErrors, type BuildError } from './errors.js';
import { displayPath, isDirectory, loadContent, loadTemplates } from './load/index.js';
import type { Article, AssetFile, OutputFile } from './model.js';
import { parseArticle } from './parse/article.js';
import { createMarkdown } from './parse/markdown.js';
import { relateV1, relatedDocs } from './related/index.js';
import { renderSite, siteGlobals } from './render/index.js';
import { compileTemplates } from './render/templates.js';
import { href } from './render/urls.js';
import { buildSearchIndex } from './search/index.js';
import { checkOutDir, writeSite } from './write/index.js';

export interface BuildOptions {
  /** Folder that relative paths and messages are shown against. */
  readonly cwd: string;
  readonly contentDir: string;
  readonly templatesDir: string;
  readonly outDir: string;
  readonly baseUrl?: string;
  readonly drafts?: boolean;
  /** Build time in epoch ms: the edition date (and later embargoes) depend on it. */
  readonly now: number;
}

export interface StageTiming {
  readonly stage: string;
  readonly ms: number;
}

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
  readonly timings: readonly StageTiming[];
  readonly ms: number;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const timings: StageTiming[] = [];
  const time = async <T>(stage: string, fn: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    timings.push({ stage, ms: performance.now() - t0 });
    return out;
  };
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
    timings,
    ms: performance.now() - started,
    ...extra,
  });

  const unsafe = checkOutDir(options.outDir, [options.contentDir, options.templatesDir], options.cwd);
  if (unsafe) {
    diagnostics.push(unsafe);
    return result(false);
  }

  const missing = await missingDirs([
    [options.contentDir, 'config/missing', 'Pass --content with the folder that holds paper.yaml and the articles.'],
    [options.templatesDir, 'template/missing', 'Pass --templates with a theme folder, or leave it out to use the built-in theme.'],
  ], options.cwd);
  if (missing.length) {
    diagnostics.push(...missing);
    return result(false);
  }

  const [content, theme] = await time('load', () =>
    Promise.all([loadContent(options.contentDir, CONFIG_FILE, options.cwd), loadTemplates(options.templatesDir, options.cwd)]),
  );
  diagnostics.push(...content.errors);
  if (!content.config) {
    const file = path.join(path.relative(options.cwd, options.contentDir) || '.', CONFIG_FILE).split(path.sep).join('/');
    diagnostics.push(buildError('config/missing', { file }, `no ${CONFIG_FILE} in the content folder`));
    return result(false);
  }
  const { config, errors: configErrors } = parseConfig(content.config.text, content.config.path, { baseUrl: options.baseUrl });
  diagnostics.push(...configErrors);
  if (!config) return result(false);

  const articles = await time('parse', () => {
    const renderMarkdown = createMarkdown({ basePath: config.basePath, allowHtml: config.markdown.allowHtml, iframeHosts: config.markdown.iframeHosts });
    const out: Article[] = [];
    for (const source of content.sources) {
      const { article, errors } = parseArticle(source, config, renderMarkdown);
      diagnostics.push(...errors);
      if (article) out.push(article);
    }
    return out;
  });

  const catalog = await time('catalog', () => {
    const { catalog, errors } = buildCatalog(articles, config, { drafts: options.drafts ?? false });
    diagnostics.push(...errors);
    diagnostics.push(...missingAssets(articles, content.assets));
    return catalog;
  });

  const related = await time('related', () => relateV1(relatedDocs(catalog), { count: config.relatedCount }));

  // Theme assets get content-hashed names so hosts can cache them for ever.
  const themeFiles = theme.assets.map((a) => ({ asset: a, path: `assets/${fingerprint(a)}` }));
  const assetHrefs = Object.fromEntries(themeFiles.map((t) => [t.asset.rel, href(config, t.path)]));

  const rendered = await time('render', () => {
    const globals = { site: siteGlobals(config, options.now, assetHrefs) };
    const { templates, errors } = compileTemplates(theme.templates, globals);
    diagnostics.push(...errors);
    if (!templates) return null;
    const imageSizes = Object.fromEntries(
      content.assets.flatMap((a) => (a.width && a.height ? [[a.rel, { width: a.width, height: a.height }]] : [])),
    );
    const out = renderSite({ config, catalog, related, now: options.now, imageSizes }, templates);
    diagnostics.push(...out.errors);
    return out;
  });

  if (!rendered || hasErrors(diagnostics)) return result(false, { articles: catalog.chronology.length });

  const search = await time('search', () => buildSearchIndex(rendered.searchPages, config.language));
  if (search.problems.length) throw new Error(`search index failed: ${search.problems.join('; ')}`);

  const files: OutputFile[] = [
    ...rendered.files,
    ...search.files,
    ...themeFiles.map((t): OutputFile => ({ path: t.path, kind: 'copy', from: t.asset.abs, size: t.asset.size })),
    ...content.assets.map((a): OutputFile => ({ path: a.rel, kind: 'copy', from: a.abs, size: a.size })),
  ];
  const written = await time('write', () => writeSite(options.outDir, files));
  return result(true, {
    articles: catalog.chronology.length,
    pages: rendered.files.filter((f) => f.path.endsWith('.html')).length,
    files: files.length,
    ...written,
  });
}

async function missingDirs(dirs: [string, 'config/missing' | 'template/missing', string][], cwd: string): Promise<BuildError[]> {
  const out: BuildError[] = [];
  for (const [dir, code, hint] of dirs) {
    if (!(await isDirectory(dir))) out.push(buildError(code, { file: displayPath(dir, cwd) }, `the folder ${displayPath(dir, cwd)} does not exist`, { hint }));
  }
  return out;
}

function missingAssets(articles: readonly Article[], assets: readonly AssetFile[]): BuildError[] {
  const known = new Set(assets.map((a) => a.rel));
  const errors: BuildError[] = [];
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
