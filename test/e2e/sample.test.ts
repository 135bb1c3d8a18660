// The sample paper in content/ as a new user builds it: valid HTML on every page, every link
// resolving when the site is hosted under a sub-path, and byte-identical rebuilds.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'cheerio';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { DEFAULT_TEMPLATES, listFiles, NOW, REPO, snapshot } from '../helpers/site.js';
import { serve } from '../helpers/server.js';

function buildSample(outDir: string, baseUrl?: string): Promise<BuildResult> {
  return build({
    cwd: REPO,
    contentDir: path.join(REPO, 'content'),
    templatesDir: DEFAULT_TEMPLATES,
    outDir,
    now: NOW,
    ...(baseUrl ? { baseUrl } : {}),
  });
}

describe('the sample paper', () => {
  let out: string;
  let result: BuildResult;
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'sample-'));
    result = await buildSample(out);
  });

  it('builds without errors or warnings: 40+ articles in 6+ sections, several months, images, pins and updates', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.articles).toBeGreaterThanOrEqual(40);
    const articlePages = listFiles(out).filter((f) => /^[a-z]+\/\d{4}\/\d{2}\/[^/]+\/index\.html$/.test(f));
    expect(articlePages).toHaveLength(result.articles);
    expect(new Set(articlePages.map((f) => f.split('/')[0])).size).toBeGreaterThanOrEqual(6);
    expect(new Set(articlePages.map((f) => f.split('/').slice(1, 3).join('-'))).size).toBeGreaterThanOrEqual(4);
    const pages = articlePages.map((f) => load(readFileSync(path.join(out, f), 'utf8')));
    expect(pages.filter(($) => $('.article__figure img').length > 0).length).toBeGreaterThanOrEqual(3);
    expect(pages.filter(($) => $('.article__stamps').text().includes('Updated')).length).toBeGreaterThanOrEqual(3);
    expect(new Set(pages.flatMap(($) => $('.article__byline').text().replace(/^By /, '').split(/, | and /))).size).toBeGreaterThanOrEqual(4);
    for (const $ of pages) expect($('aside.related-stories > article')).toHaveLength(4);
  });

  it('passes html-validate on every page with zero errors', async () => {
    const validator = new HtmlValidate(JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')));
    const pages = listFiles(out).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'));
    expect(pages.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const f of pages) {
      const report = await validator.validateString(readFileSync(path.join(out, f), 'utf8'), f);
      for (const r of report.results) for (const m of r.messages) problems.push(`${f}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
    }
    expect(problems).toEqual([]);
  });

  it('works under a sub-path: every link and asset of every page resolves on a static host', async () => {
    const subOut = mkdtempSync(path.join(tmpdir(), 'sample-sub-'));
    const res = await buildSample(subOut, 'https://example.org/paper/');
    expect(res.ok).toBe(true);
    const server = await serve(subOut, '/paper/');
    try {
      const origin = new URL(server.url).origin;
      const pages = listFiles(subOut).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'));
      const targets = new Set<string>();
      for (const f of pages) {
        const $ = load(readFileSync(path.join(subOut, f), 'utf8'));
        $('a[href], link[href], img[src], script[src], form[action]').each((_, el) => {
          const url = $(el).attr('href') ?? $(el).attr('src') ?? $(el).attr('action')!;
          if (url.startsWith('#')) return;
          if (/^https?:/.test(url)) {
            if (url.startsWith('https://example.org/') && $(el).is('link[rel=canonical]')) expect(url.startsWith('https://example.org/paper/'), url).toBe(true);
            return;
          }
          expect(url.startsWith('/paper/'), `${f}: ${url}`).toBe(true);
          targets.add(url.split('#')[0]!);
        });
      }
      expect(targets.size).toBeGreaterThan(60);
      const broken: string[] = [];
      for (const t of targets) {
        const r = await fetch(origin + t);
        if (r.status !== 200) broken.push(`${r.status} ${t}`);
      }
      expect(broken).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('is deterministic: a second build into another folder is byte-identical', async () => {
    const again = mkdtempSync(path.join(tmpdir(), 'sample-again-'));
    expect((await buildSample(again)).ok).toBe(true);
    expect(snapshot(again)).toEqual(snapshot(out));
  });
});
