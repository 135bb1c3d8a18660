// The persistent parse cache: a warm build re-parses only changed files, a config change or a
// damaged cache file costs a full parse but never a wrong page, and output is identical.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { article, DEFAULT_TEMPLATES, NOW, PAPER_YAML, site, snapshot, type TestSite } from '../helpers/site.js';

const run = (s: TestSite, cacheDir: string | null) =>
  build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out, now: NOW, cacheDir });

describe('persistent parse cache', () => {
  it('re-parses only what changed, and its output equals an uncached build', async () => {
    const s = site({ 'content/news/a.md': article({ title: 'A' }), 'content/news/b.md': article({ title: 'B', date: '2026-03-19T10:00:00' }) });
    const dir = path.join(s.dir, '.cache/build-paper');
    expect((await run(s, dir)).parsed).toBe(2);
    expect((await run(s, dir)).parsed).toBe(0);
    s.write('content/news/a.md', article({ title: 'A, edited' }));
    const warm = await run(s, dir);
    expect(warm.parsed).toBe(1);
    expect(s.html('news/2026/03/a/index.html')('h1').text()).toBe('A, edited');
    const cached = snapshot(s.out);
    await run(s, null);
    expect(snapshot(s.out)).toEqual(cached);
  });

  it('is dropped when the config changes, and a damaged cache file is ignored', async () => {
    const s = site({ 'content/news/a.md': article({ title: 'A' }) });
    const dir = path.join(s.dir, '.cache/build-paper');
    await run(s, dir);
    s.write('content/paper.yaml', PAPER_YAML.replace('Tested daily.', 'Tested hourly.'));
    expect((await run(s, dir)).parsed).toBe(1);
    writeFileSync(path.join(dir, 'parse.bin'), 'not a cache');
    const r = await run(s, dir);
    expect(r.ok).toBe(true);
    expect(r.parsed).toBe(1);
  });
});
