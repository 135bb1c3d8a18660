// The persistent cache: a warm build re-parses only changed files and renders only pages whose
// key changed; a config change or a damaged cache file costs a full build but never a wrong page,
// and output is identical.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BODIES, build } from '../../src/build.js';
import { readCache } from '../../src/load/cache.js';
import { article, DEFAULT_TEMPLATES, NOW, PAPER_YAML, site, snapshot, type TestSite } from '../helpers/site.js';

const run = (s: TestSite, cacheDir: string | null) =>
  build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out, now: NOW, cacheDir });

describe('persistent parse cache', () => {
  it('re-parses only what changed, and its output equals an uncached build', async () => {
    const s = site({ 'content/news/a.md': article({ title: 'A' }), 'content/news/b.md': article({ title: 'B', date: '2026-03-19T10:00:00' }) });
    const dir = path.join(s.dir, '.cache/build-paper');
    expect((await run(s, dir)).parsed).toBe(2);
    expect((await run(s, dir)).parsed).toBe(0);
    // The cache is spread over files by path: an edit rewrites only the file holding its path.
    const stamps = () => Object.fromEntries(readdirSync(dir).filter((f) => f.startsWith('parse-')).map((f) => [f, statSync(path.join(dir, f)).mtimeMs]));
    const before = stamps();
    await new Promise((r) => setTimeout(r, 20));
    s.write('content/news/a.md', article({ title: 'A, edited' }));
    const warm = await run(s, dir);
    expect(warm.parsed).toBe(1);
    const after = stamps();
    expect(Object.keys(after).filter((f) => after[f] !== before[f])).toHaveLength(1);
    expect(s.html('news/2026/03/a/index.html')('h1').text()).toBe('A, edited');
    const cached = snapshot(s.out);
    await run(s, null);
    expect(snapshot(s.out)).toEqual(cached);
  });

  it('renders bodies read back from the cache exactly as freshly parsed ones, in any script', async () => {
    const khmer = 'ទឹកជំនន់នៅភ្នំពេញ 🌊 — “quotes”, café.\n\n| a | b |\n|---|---|\n| 1 | 2 |';
    const s = site({
      'content/news/a.md': article({ title: 'A' }, khmer),
      'content/news/b.md': article({ title: 'B', date: '2026-03-19T10:00:00' }),
      'content/news/c.md': article({ title: 'C', date: '2026-03-18T10:00:00' }, `${'Long paragraph. '.repeat(400)}\n\n${khmer}`),
    });
    const dir = path.join(s.dir, '.cache/build-paper');
    await run(s, dir);
    const fresh = snapshot(s.out);
    // Without its output folder the next run renders every page, each body from the cache file.
    rmSync(s.out, { recursive: true });
    const warm = await run(s, dir);
    expect(warm.parsed).toBe(0);
    expect(snapshot(s.out)).toEqual(fresh);
    expect(s.html('news/2026/03/a/index.html')('td').first().text()).toBe('1');
  });

  it('keeps the bodies of a rewritten cache file that shares it with an edited article', async () => {
    // 40 articles over the cache's 32 files: most files hold more than one.
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`content/news/s${i}.md`] = article({ title: `S${i}`, date: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00` }, `Body of story ${i}, with “quotes” and ទឹកជំនន់.\n\nA second paragraph ${i}.`);
    const s = site(files);
    const dir = path.join(s.dir, '.cache/build-paper');
    await run(s, dir);
    for (const i of [3, 17, 29]) s.write(`content/news/s${i}.md`, article({ title: `S${i}, edited`, date: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00` }, `Edited body ${i}.`));
    expect((await run(s, dir)).parsed).toBe(3);
    // Every page again, every body from the rewritten and the untouched cache files.
    rmSync(s.out, { recursive: true });
    expect((await run(s, dir)).parsed).toBe(0);
    const cached = snapshot(s.out);
    rmSync(s.out, { recursive: true });
    await run(s, null);
    expect(snapshot(s.out)).toEqual(cached);
  });

  it('is dropped when the config changes, and a damaged cache file is ignored', async () => {
    const s = site({ 'content/news/a.md': article({ title: 'A' }) });
    const dir = path.join(s.dir, '.cache/build-paper');
    await run(s, dir);
    s.write('content/paper.yaml', PAPER_YAML.replace('Tested daily.', 'Tested hourly.'));
    expect((await run(s, dir)).parsed).toBe(1);
    // Every file of the cache folder damaged: the parse cache, the render state, the last inputs.
    for (const f of readdirSync(dir)) writeFileSync(path.join(dir, f), 'not a cache');
    const r = await run(s, dir);
    expect(r.ok).toBe(true);
    expect(r.parsed).toBe(1);
  });

  it('renders and indexes again only what changed since the last run into the same folder', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`content/news/s${i}.md`] = article({ title: `Story ${i}`, date: `2026-03-${10 + i}T10:00:00`, tags: [`T${i % 2}`] });
    const s = site(files);
    const dir = path.join(s.dir, '.cache/build-paper');
    const cold = await run(s, dir);
    expect(cold.rebuild).toBe('full');
    const warm = await run(s, dir);
    expect(warm.rebuild).toBe('pages');
    expect(warm.rendered).toBe(0);
    expect(warm.written).toBe(0);
    // Nothing changed on any article page, so the search index was not made again.
    expect(warm.timings.map((t) => t.stage)).not.toContain('search');

    s.write('content/news/s3.md', article({ title: 'Story 3, edited', date: '2026-03-13T10:00:00', tags: ['T1'] }));
    const edited = await run(s, dir);
    expect(edited.rendered).toBeGreaterThan(0);
    expect(edited.rendered).toBeLessThan(cold.pages);
    expect(edited.timings.map((t) => t.stage)).toContain('search');
    const incremental = snapshot(s.out);
    await run(s, null);
    expect(snapshot(s.out)).toEqual(incremental);

    // A missing output file means the stored state no longer describes the folder: render all.
    const { rmSync } = await import('node:fs');
    rmSync(path.join(s.out, 'news/2026/03/s5/index.html'));
    const repaired = await run(s, dir);
    expect(repaired.rebuild).toBe('full');
    expect(s.exists('news/2026/03/s5/index.html')).toBe(true);
  });

  it('removes the pages of a deleted article in a warm run, as a cold build would not have them', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 4; i++) files[`content/news/s${i}.md`] = article({ title: `Story ${i}`, date: `2026-03-1${i}T10:00:00`, tags: [`Only${i}`] });
    const s = site(files);
    const dir = path.join(s.dir, '.cache/build-paper');
    await run(s, dir);
    expect(s.exists('tags/only2/index.html')).toBe(true);
    const { rmSync } = await import('node:fs');
    rmSync(path.join(s.content, 'news/s2.md'));
    const warm = await run(s, dir);
    expect(warm.rebuild).toBe('pages');
    expect(warm.changed).toContain('news/2026/03/s2/index.html');
    expect(s.exists('news/2026/03/s2/index.html')).toBe(false);
    expect(s.exists('tags/only2/index.html')).toBe(false);
    const incremental = snapshot(s.out);
    await run(s, null);
    expect(snapshot(s.out)).toEqual(incremental);
  });

  it('indexes again only the part of the search index whose articles changed', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 9; i++) files[`content/news/s${i}.md`] = article({ title: `Story ${i}`, date: `2026-03-${10 + i}T10:00:00` }, `Harbour story number ${i}.`);
    const s = site(files);
    s.write('content/paper.yaml', `${PAPER_YAML}\nsearch:\n  part_size: 2\n`);
    const dir = path.join(s.dir, '.cache/build-paper');
    await run(s, dir);
    // 9 pages in units of 2: a part of 8 (the primary bundle) and an open part of 1.
    expect(JSON.parse(s.read('pagefind/parts.json'))).toEqual(['parts/8-9/']);
    const primary = (changed: readonly string[]) => changed.filter((p) => p.startsWith('pagefind/') && !p.startsWith('pagefind/parts/') && p !== 'pagefind/parts.json');

    s.write('content/news/s9.md', article({ title: 'Story 9', date: '2026-03-19T10:00:00' }, 'Harbour story number 9.'));
    const added = await run(s, dir);
    expect(JSON.parse(s.read('pagefind/parts.json'))).toEqual(['parts/8-10/']);
    expect(primary(added.changed)).toEqual([]);
    expect(added.changed).toContain('pagefind/parts/8-10/pagefind-entry.json');
    expect(added.changed).toContain('pagefind/parts/8-9/pagefind-entry.json');
    expect(s.exists('pagefind/parts/8-9/pagefind-entry.json')).toBe(false);

    // An edit to an old article re-indexes its part, the primary one, and leaves the other alone.
    s.write('content/news/s1.md', article({ title: 'Story 1, edited', date: '2026-03-11T10:00:00' }, 'Harbour story number 1, with a lighthouse.'));
    const edited = await run(s, dir);
    expect(primary(edited.changed).length).toBeGreaterThan(0);
    expect(edited.changed.filter((p) => p.startsWith('pagefind/parts/'))).toEqual([]);

    const warm = snapshot(s.out);
    await run(s, null);
    expect(snapshot(s.out)).toEqual(warm);
  });

  it('forgets what it rendered once a watch session has written to the folder', async () => {
    const s = site({ 'content/news/a.md': article({ title: 'A' }), 'content/news/b.md': article({ title: 'B', date: '2026-03-19T10:00:00' }) });
    const dir = path.join(s.dir, '.cache/build-paper');
    await run(s, dir);
    const { createSession } = await import('../../src/session.js');
    const session = createSession();
    await build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out, now: NOW, cacheDir: dir, session });
    const after = await run(s, dir);
    expect(after.rebuild).toBe('full');
  });

  it('computes related blocks again when the words of an article change, not from the stored state', async () => {
    const s = site({
      'content/news/a.md': article({ title: 'Flood', date: '2026-03-20T10:00:00' }, 'River flood water rises over the rice fields of the delta.'),
      'content/news/b.md': article({ title: 'Market', date: '2026-03-19T10:00:00' }, 'Traders at the market sold fish and vegetables.'),
      'content/news/c.md': article({ title: 'Football', date: '2026-03-18T10:00:00' }, 'The football league match ended in a draw.'),
    });
    const dir = path.join(s.dir, '.cache/build-paper');
    await run(s, dir);
    const firstRelated = (html: ReturnType<TestSite['html']>) => html('.related-story__headline a').first().text();
    expect(firstRelated(s.html('news/2026/03/a/index.html'))).not.toBe('Football');
    s.write('content/news/c.md', article({ title: 'Football', date: '2026-03-18T10:00:00' }, 'River flood water rises over the rice fields and the football pitch of the delta.'));
    await run(s, dir);
    expect(firstRelated(s.html('news/2026/03/a/index.html'))).toBe('Football');
    const warm = snapshot(s.out);
    await run(s, null);
    expect(snapshot(s.out)).toEqual(warm);
  });
});

describe('a build with nothing changed', () => {
  const at = (s: TestSite, now: number, extra: { drafts?: boolean } = {}) =>
    build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out, now, cacheDir: path.join(s.dir, '.cache/build-paper'), ...extra });
  const stages = (r: { timings: readonly { stage: string }[] }) => r.timings.map((t) => t.stage);
  const utc = (iso: string) => Date.parse(`${iso}Z`);

  it('stops after reading the content folder, changes nothing and gives the same warnings', async () => {
    const s = site({
      // An unknown field is a warning, which the early stop must give again.
      'content/news/a.md': article({ title: 'A', date: '2026-11-20T09:00:00', colour: 'red' }),
      'content/news/b.md': article({ title: 'B', date: '2026-11-19T09:00:00' }),
    });
    const first = await at(s, NOW);
    expect(first.ok).toBe(true);
    expect(first.diagnostics.length).toBeGreaterThan(0);
    const before = snapshot(s.out);
    const again = await at(s, NOW + 60_000);
    expect(again.ok).toBe(true);
    expect(stages(again)).toEqual(['load']);
    expect(again).toMatchObject({ written: 0, removed: 0, parsed: 0, articles: 2, pages: first.pages, unchanged: first.files });
    expect(again.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual(first.diagnostics.map((d) => [d.code, d.file, d.line]));
    expect(snapshot(s.out)).toEqual(before);
    // An edit, a missing output file or another option is a build again.
    s.write('content/news/b.md', article({ title: 'B, edited', date: '2026-11-19T09:00:00' }));
    expect(stages(await at(s, NOW + 120_000))).toContain('render');
    expect(stages(await at(s, NOW + 130_000))).toEqual(['load']);
    rmSync(path.join(s.out, 'news/2026/11/b/index.html'));
    expect(stages(await at(s, NOW + 140_000))).toContain('render');
    expect(s.html('news/2026/11/b/index.html')('h1').text()).toBe('B, edited');
    s.write('content/news/d.md', article({ title: 'Draft', date: '2026-11-18T09:00:00', draft: true }));
    expect(stages(await at(s, NOW + 150_000))).toContain('render');
    expect(stages(await at(s, NOW + 160_000, { drafts: true }))).toContain('render');
    expect(s.html('news/2026/11/d/index.html')('h1').text()).toBe('Draft');
  });

  it('builds again when the clock reaches an embargo, the next edition day or an exit from the news sitemap', async () => {
    // Phnom Penh is UTC+7. NOW is 19:00 there on November 29.
    const s = site({
      'content/news/a.md': article({ title: 'A', date: '2026-11-29T10:00:00' }),
      'content/news/e.md': article({ title: 'Embargoed', date: '2026-11-29T21:00:00' }),
    });
    await at(s, NOW);
    expect(existsSync(path.join(s.out, 'news/2026/11/e/index.html'))).toBe(false);
    expect(stages(await at(s, utc('2026-11-29T13:30:00')))).toEqual(['load']);
    // 21:30 there: the embargo has lifted.
    expect(stages(await at(s, utc('2026-11-29T14:30:00')))).toContain('render');
    expect(existsSync(path.join(s.out, 'news/2026/11/e/index.html'))).toBe(true);
    expect(stages(await at(s, utc('2026-11-29T16:00:00')))).toEqual(['load']);
    // 00:30 on November 30 there: a new edition date on the front page.
    const edition = () => s.html('index.html')('body').text();
    const before = edition();
    expect(stages(await at(s, utc('2026-11-29T17:30:00')))).toContain('render');
    expect(edition()).not.toBe(before);
    // "A" (10:00 on the 29th there) leaves the 48-hour news sitemap at 03:00 UTC on December 1,
    // in the middle of a day there.
    const news = () => readFileSync(path.join(s.out, 'news-sitemap.xml'), 'utf8');
    await at(s, utc('2026-12-01T02:00:00'));
    expect(news()).toContain('/news/2026/11/a/');
    expect(stages(await at(s, utc('2026-12-01T02:30:00')))).toEqual(['load']);
    expect(stages(await at(s, utc('2026-12-01T03:30:00')))).not.toEqual(['load']);
    expect(news()).not.toContain('/news/2026/11/a/');
  });

  it('gives each cached article terms of their own, not a view into the cache file read', async () => {
    // node:v8's deserializer makes an aligned typed array a view of the bytes it reads: one
    // article's terms then kept its whole cache file in memory (500 MB at 100k articles).
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`content/news/s${i}.md`] = article({ title: `Story ${i}` }, `Rice farmers in district ${i} count their harvest.`);
    const s = site(files);
    const dir = path.join(s.dir, '.cache/build-paper');
    expect((await run(s, dir)).parsed).toBe(12);
    const read = await readCache(dir, BODIES, { onDisk: true });
    try {
      const terms = [...read.cache.values()].map((e) => e.value.article!.terms);
      expect(terms).toHaveLength(12);
      for (const t of terms) {
        expect(t.length).toBeGreaterThan(0);
        expect(t.buffer.byteLength).toBe(t.byteLength);
      }
    } finally {
      read.close();
    }
  });
});
