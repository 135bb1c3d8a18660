// Parsing, rendering and search indexing across worker threads give the same site, byte for byte, as one thread.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePaper } from '../../bench/paper.js';
// The compiled build (npm test compiles first): only it has a worker script to start.
const LIB = '../../lib/build.js';
const { build } = (await import(LIB)) as typeof import('../../src/build.js');
import { DEFAULT_TEMPLATES, NOW, REPO, snapshot } from '../helpers/site.js';

describe('parse, render and search worker pools', () => {
  it('builds a 300-article paper identically with 1 and 2 threads', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bp-pool-'));
    writePaper(path.join(dir, 'content'), 300);
    // The one-thread build keeps its parsed bodies in memory, as a watch session does (a parse
    // cache of its own); the two-thread build moves them to its temporary file (load/spill.ts)
    // and reads each when its page's batch goes to a render worker.
    const run = async (threads: number) => {
      const out = path.join(dir, `dist-${threads}`);
      const r = await build({ cwd: dir, contentDir: path.join(dir, 'content'), templatesDir: DEFAULT_TEMPLATES, outDir: out, now: NOW, threads, ...(threads === 1 ? { cache: new Map() } : {}) });
      expect(r.ok, JSON.stringify(r.diagnostics.slice(0, 3))).toBe(true);
      expect(r.parsed).toBe(300);
      return snapshot(out);
    };
    const one = await run(1);
    const two = await run(2);
    // Enough pages that rendering went to the workers too (the pool starts at 400 pages).
    expect(Object.keys(two).filter((p) => p.endsWith('.html')).length).toBeGreaterThan(400);
    // Two parts of the search index (250 + 50 pages), so they were made side by side in two
    // search workers, each with its own Pagefind process.
    expect(JSON.parse(Buffer.from(two['pagefind/parts.json']!, 'base64').toString())).toEqual(['parts/250-300/']);
    // A fragment per article, and one for the part's anchor page (src/search/index.ts).
    expect(Object.keys(two).filter((p) => p.startsWith('pagefind/parts/250-300/fragment/')).length).toBe(51);
    expect(two).toEqual(one);
  }, 120_000);

  it('renders the sample paper (images, translations, corrections, pins) identically in two render workers', async () => {
    // Render workers get each page's context copied from the main thread (render/pool.ts): the
    // sample paper uses every feature a page shows, so a value that does not survive the copy
    // (a function, a class, a getter) shows here.
    const dir = mkdtempSync(path.join(tmpdir(), 'bp-pool-sample-'));
    cpSync(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
    const run = async (threads: number) => {
      const out = path.join(dir, `dist-${threads}`);
      const r = await build({ cwd: dir, contentDir: path.join(dir, 'content'), templatesDir: DEFAULT_TEMPLATES, outDir: out, now: NOW, threads, cacheDir: null });
      expect(r.ok, JSON.stringify(r.diagnostics.slice(0, 3))).toBe(true);
      return snapshot(out);
    };
    const one = await run(1);
    const two = await run(2);
    expect(Object.keys(two).filter((p) => p.endsWith('.html')).length).toBeGreaterThan(100);
    expect(two).toEqual(one);
  }, 120_000);

  it('gives the same site when a warm build parses and relates on its helper thread', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bp-helper-'));
    const content = path.join(dir, 'content');
    writePaper(content, 300);
    const cacheDir = path.join(dir, '.cache');
    const outDir = path.join(dir, 'dist');
    const warm = () => build({ cwd: dir, contentDir: content, templatesDir: DEFAULT_TEMPLATES, outDir, cacheDir, now: NOW, threads: 2 });
    const cold = await warm();
    expect(cold.ok, JSON.stringify(cold.diagnostics.slice(0, 3))).toBe(true);
    // A new article about what an existing one is about: it enters blocks, so related is computed again.
    const section = readdirSync(content, { withFileTypes: true }).find((e) => e.isDirectory())!.name;
    const model = readdirSync(path.join(content, section)).sort()[0]!;
    const text = readFileSync(path.join(content, section, model), 'utf8').replace(/^title: .*$/m, 'title: "A follow-up story"');
    writeFileSync(path.join(content, section, 'zz-follow-up.md'), text);
    const added = await warm();
    expect(added.ok, JSON.stringify(added.diagnostics.slice(0, 3))).toBe(true);
    expect(added.parsed).toBe(1);
    expect(added.helped).toBe(true);
    expect(added.timings.map((t: { stage: string }) => t.stage)).toContain('related');
    // The same content built from nothing in one thread.
    const fresh = path.join(dir, 'fresh');
    cpSync(content, path.join(fresh, 'content'), { recursive: true });
    const one = await build({ cwd: fresh, contentDir: path.join(fresh, 'content'), templatesDir: DEFAULT_TEMPLATES, outDir: path.join(fresh, 'dist'), now: NOW, threads: 1 });
    expect(one.ok).toBe(true);
    expect(one.helped).toBe(false);
    expect(snapshot(outDir)).toEqual(snapshot(path.join(fresh, 'dist')));
  }, 120_000);
});
