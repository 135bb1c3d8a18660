// A watch session's rebuilds, driven through build() with a session: each save renders only the
// pages that can have changed, and the output always equals a fresh full build of the same files.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { createSession } from '../../src/session.js';
import { article, DEFAULT_TEMPLATES, NOW, site, snapshot, withOwnTemplates, type TestSite } from '../helpers/site.js';

const SECTIONS = ['news', 'sport'];

/** A paper of `n` articles over two sections, three tags and two writers. */
function paper(n: number): TestSite {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const section = SECTIONS[i % 2]!;
    files[`content/${section}/a${i}.md`] = article(
      { title: `Story ${i}`, section, date: `2026-03-${String((i % 27) + 1).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:00:00`, tags: [`Topic ${i % 3}`], authors: [`Writer ${i % 2}`] },
      `River flood rice farmers story ${i} about the ${i % 3 ? 'harvest' : 'dam'}.\n\nSecond paragraph of story ${i}.`,
    );
  }
  return site(files);
}

/** Every file but the search index, which quick rebuilds leave for the settling build. */
function withoutSearch(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([p]) => !p.startsWith('pagefind/')));
}

/** What a fresh, session-less build of the same content writes. */
async function fresh(s: TestSite): Promise<Record<string, string>> {
  const out = path.join(s.dir, 'fresh-dist');
  rmSync(out, { recursive: true, force: true });
  const r = await build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: out, now: NOW });
  expect(r.ok).toBe(true);
  return snapshot(out);
}

function sessionBuild(s: TestSite, extra: Partial<BuildOptions> = {}) {
  const session = createSession();
  const base: BuildOptions = { cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out, now: NOW, session, threads: 1 };
  return {
    session,
    run: (changed: string[] | null, options: Partial<BuildOptions> = {}) =>
      build({ ...base, ...extra, ...(changed ? { changes: changed.map((f) => path.join(s.content, f)), quick: true, onlyContent: true } : {}), ...options }),
  };
}

describe('incremental rebuilds in a watch session', () => {
  it('re-renders only the pages showing an article whose words changed, and matches a full build', async () => {
    const s = paper(12);
    const { run } = sessionBuild(s);
    const first = await run(null);
    expect(first.ok).toBe(true);
    expect(first.rendered).toBe(first.pages);

    s.write('content/news/a4.md', article({ title: 'Story 4, rewritten', section: 'news', date: '2026-03-05T12:00:00', tags: ['Topic 1'], authors: ['Writer 0'] }, 'River flood rice farmers story 4 about the harvest.\n\nA new second paragraph.'));
    const r = await run(['news/a4.md']);
    expect(r.ok).toBe(true);
    expect(r.parsed).toBe(1);
    expect(r.rebuild).toBe('words');
    // The article, the front page, its section, tag, writer, month and year pages, and the
    // articles whose related block shows it: a handful of pages, not the whole site.
    expect(r.rendered).toBeGreaterThan(3);
    expect(r.rendered).toBeLessThan(first.pages / 2);
    expect(r.changed).toContain('news/2026/03/a4/index.html');
    expect(s.html('news/2026/03/a4/index.html')('h1').text()).toBe('Story 4, rewritten');
    expect(withoutSearch(snapshot(s.out))).toEqual(withoutSearch(await fresh(s)));

    // Further down the body: no other page shows those words, so only the article is rendered.
    s.write('content/news/a4.md', article({ title: 'Story 4, rewritten', section: 'news', date: '2026-03-05T12:00:00', tags: ['Topic 1'], authors: ['Writer 0'] }, 'River flood rice farmers story 4 about the harvest.\n\nA new second paragraph, longer now.'));
    const deep = await run(['news/a4.md']);
    expect(deep.rebuild).toBe('words');
    expect(deep.rendered).toBe(1);
    expect(deep.changed).toEqual(['news/2026/03/a4/index.html']);
    expect(withoutSearch(snapshot(s.out))).toEqual(withoutSearch(await fresh(s)));
  });

  it('falls back to the ordinary rebuild when listings change, and still matches a full build', async () => {
    const s = paper(12);
    const { run } = sessionBuild(s);
    await run(null);
    // A new tag and date: the article moves in listings and a new tag page appears.
    s.write('content/sport/a5.md', article({ title: 'Story 5', section: 'sport', date: '2026-03-28T09:00:00', tags: ['Brand new topic'], authors: ['Writer 1'] }));
    const moved = await run(['sport/a5.md']);
    expect(moved.ok).toBe(true);
    expect(moved.rebuild).toBe('pages');
    expect(moved.parsed).toBe(1);
    expect(moved.changed).toContain('tags/brand-new-topic/index.html');
    expect(withoutSearch(snapshot(s.out))).toEqual(withoutSearch(await fresh(s)));

    s.write('content/news/new.md', article({ title: 'Added', section: 'news', date: '2026-03-27T09:00:00' }));
    const added = await run(['news/new.md']);
    expect(added.ok).toBe(true);
    expect(s.exists('news/2026/03/new/index.html')).toBe(true);
    expect(withoutSearch(snapshot(s.out))).toEqual(withoutSearch(await fresh(s)));

    rmSync(path.join(s.content, 'news/a0.md'));
    const removed = await run(['news/a0.md']);
    expect(removed.ok).toBe(true);
    expect(removed.removed).toBeGreaterThan(0);
    expect(s.exists('news/2026/03/a0/index.html')).toBe(false);
    expect(withoutSearch(snapshot(s.out))).toEqual(withoutSearch(await fresh(s)));
  });

  it('on a large paper carries related blocks over, then settles them and the search index', async () => {
    const s = paper(10);
    // Treat this paper as large: quick rebuilds carry the related blocks instead of computing them.
    const { run } = sessionBuild(s, { exactRelatedFrom: 1 });
    await run(null);
    s.write('content/sport/a3.md', article({ title: 'Story 3', section: 'sport', date: '2026-03-04T11:00:00', tags: ['Topic 0'], authors: ['Writer 1'] }, 'Completely different words: cricket bat wicket.\n\nMore cricket.'));
    const quick = await run(['sport/a3.md']);
    expect(quick.ok).toBe(true);
    expect(quick.rebuild).toBe('words');
    expect(quick.settled).toBe(false);
    const settle = await run(null, { changes: [] });
    expect(settle.ok).toBe(true);
    expect(settle.settled).toBe(true);
    expect(settle.rendered).toBeLessThan(settle.pages);
    expect(snapshot(s.out)).toEqual(await fresh(s));
  });

  it('a settling build stopped by a new save writes nothing and stays unsettled', async () => {
    const s = paper(8);
    const { run } = sessionBuild(s, { exactRelatedFrom: 1 });
    await run(null);
    s.write('content/news/a2.md', article({ title: 'Story 2', section: 'news', date: '2026-03-03T10:00:00', tags: ['Topic 2'], authors: ['Writer 0'] }, 'Other words entirely.'));
    await run(['news/a2.md']);
    const before = snapshot(s.out);
    const stop = new AbortController();
    stop.abort();
    const stopped = await run(null, { changes: [], signal: stop.signal });
    expect(stopped.ok).toBe(false);
    expect(stopped.settled).toBe(false);
    expect(stopped.diagnostics).toEqual([]);
    expect(snapshot(s.out)).toEqual(before);
    const settled = await run(null, { changes: [] });
    expect(settled.settled).toBe(true);
    expect(snapshot(s.out)).toEqual(await fresh(s));
  });

  it('renders every page again when a template changes', async () => {
    const s = paper(6);
    const templates = withOwnTemplates(s);
    const { run } = sessionBuild(s, { templatesDir: templates });
    const first = await run(null);
    const footer = path.join(templates, 'partials/footer.liquid');
    writeFileSync(footer, `${readFileSync(footer, 'utf8')}\n<!-- edited -->`);
    const again = await run([], { quick: true, onlyContent: false });
    expect(again.ok).toBe(true);
    expect(again.rebuild).toBe('full');
    expect(again.rendered).toBe(first.pages);
    // A template and an article's words in one burst: still every page, with the new template.
    writeFileSync(footer, `${readFileSync(footer, 'utf8')}\n<!-- edited again -->`);
    s.write('content/news/a2.md', article({ title: 'Story 2', section: 'news', date: '2026-03-03T10:00:00', tags: ['Topic 2'], authors: ['Writer 0'] }, 'River flood rice farmers story 2 about the harvest.\n\nSecond paragraph of story 2, edited.'));
    const both = await run(['news/a2.md'], { onlyContent: false });
    expect(both.rebuild).toBe('full');
    expect(both.rendered).toBe(first.pages);
    expect(s.read('index.html')).toContain('<!-- edited again -->');
  });
});
