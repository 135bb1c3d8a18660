// Writes a small paper into a temp folder and builds it with the real pipeline.
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { build, type BuildResult } from '../../src/build.js';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const DEFAULT_TEMPLATES = path.join(REPO, 'templates');
/** 2026-11-29T12:00:00Z: a fixed clock so pages are deterministic. */
export const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

export const PAPER_YAML = `name: The Test Gazette
tagline: Tested daily.
base_url: https://example.org/
language: en
time_zone: Asia/Phnom_Penh
sections:
  - slug: news
    title: News
  - slug: sport
    title: Sport
  - slug: opinion
    title: Opinion
`;

/** A tiny valid JPEG (1x1, made with sharp; libvips decodes it), for papers that need an image file. */
export const JPEG_1x1 = Buffer.from(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKAA/9k=',
  'base64',
);

/** The output file that serves `url` (absolute, under `base`): "…/news/a/" -> "news/a/index.html". */
export function fileForUrl(url: string, base: string): string {
  if (!url.startsWith(base)) throw new Error(`${url} is not under ${base}`);
  const rel = decodeURI(url.slice(base.length));
  return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
}

/** Front matter + body for a valid article; override any field with `fields` (null removes it). */
export function article(fields: Record<string, unknown> = {}, body = 'The first paragraph of the story.\n\nA second paragraph.'): string {
  const base: Record<string, unknown> = { title: 'A headline', date: '2026-03-20T17:05:00', section: 'news', ...fields };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

export interface TestSite {
  readonly dir: string;
  readonly content: string;
  readonly out: string;
  build(opts?: { baseUrl?: string; drafts?: boolean; now?: number; templates?: string; out?: string; cacheDir?: string | null }): Promise<BuildResult>;
  write(rel: string, text: string | Buffer): void;
  read(rel: string): string;
  exists(rel: string): boolean;
  html(rel: string): CheerioAPI;
  /** Every file under the output folder, as sorted posix paths. */
  files(): string[];
}

/** `files` are paths below the site folder, e.g. {'content/news/a.md': article()}. */
export function site(files: Record<string, string | Buffer> = {}): TestSite {
  const dir = mkdtempSync(path.join(tmpdir(), 'build-paper-'));
  const all = { 'content/paper.yaml': PAPER_YAML, ...files };
  const write = (rel: string, text: string | Buffer) => {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  for (const [rel, text] of Object.entries(all)) write(rel, text);
  const out = path.join(dir, 'dist');
  return {
    dir,
    content: path.join(dir, 'content'),
    out,
    build: (opts = {}) =>
      build({
        cwd: dir,
        contentDir: path.join(dir, 'content'),
        templatesDir: opts.templates ?? (existsSync(path.join(dir, 'templates')) ? path.join(dir, 'templates') : DEFAULT_TEMPLATES),
        outDir: opts.out ?? out,
        now: opts.now ?? NOW,
        ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
        drafts: opts.drafts ?? false,
        ...(opts.cacheDir === undefined ? {} : { cacheDir: opts.cacheDir }),
      }),
    write,
    read: (rel) => readFileSync(path.join(out, rel), 'utf8'),
    exists: (rel) => existsSync(path.join(out, rel)),
    html: (rel) => load(readFileSync(path.join(out, rel), 'utf8')),
    files: () => listFiles(out),
  };
}

/** Copies the default theme into the site so a test can break it. */
export function withOwnTemplates(s: TestSite): string {
  const dest = path.join(s.dir, 'templates');
  cpSync(DEFAULT_TEMPLATES, dest, { recursive: true });
  return dest;
}

export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Every file's bytes, for "nothing changed" and determinism checks. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of listFiles(root)) out[rel] = readFileSync(path.join(root, rel)).toString('base64');
  return out;
}
