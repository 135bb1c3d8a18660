// Stable pagination on a built paper: one new article rewrites the first page and the newest
// archive page of each of its listings, not every page; every story is on one page of a listing.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { createSession } from '../../src/session.js';
import { article, DEFAULT_TEMPLATES, NOW, PAPER_YAML, REPO, site, snapshot, type TestSite } from '../helpers/site.js';

const SIZE = 3;
const COUNT = 42;

/**
 * 42 March stories, three to a page. Before the new one: the front list has 39 archived stories
 * (13 full pages) and News 18 (6 full), so both get a new archive page; Topic 0 (11) and Writer 0
 * (14) have a part-full newest archive page that the next story joins.
 */
function paper(): TestSite {
  const files: Record<string, string> = { 'content/paper.yaml': `${PAPER_YAML}page_size: ${SIZE}\n` };
  for (let i = 0; i < COUNT; i++) {
    const section = i % 2 ? 'sport' : 'news';
    const day = String(1 + Math.floor(i / 2)).padStart(2, '0');
    files[`content/${section}/s${i}.md`] = article(
      { title: `Story ${i}`, section, date: `2026-03-${day}T${i % 2 ? '14' : '08'}:00:00`, tags: [`Topic ${i % 4}`], authors: [`Writer ${i % 3}`] },
      `Story ${i} on the ${['harvest', 'dam', 'market', 'school', 'ferry', 'clinic', 'bridge'][i % 7]} of village ${i}.`,
    );
  }
  return site(files);
}

const NEW = article({ title: 'Story new', section: 'news', date: '2026-03-28T09:00:00', tags: ['Topic 0'], authors: ['Writer 0'] }, 'Story new on the harvest of village 99.');

describe('stable pagination', () => {
  let s: TestSite;
  let added: BuildResult;
  /** Each page of a listing, from its root along rel=next: path and headline titles. */
  const walk = (root: string) => {
    const pages: { file: string; titles: string[] }[] = [];
    let file: string | null = `${root}index.html`;
    while (file) {
      const $ = s.html(file);
      // The front page shows its first stories as the lead and the latest list.
      const sel = file === 'index.html' ? '.front__lead .story__headline a, .latest-list a' : '.story-list .story__headline a';
      pages.push({ file, titles: $(sel).map((_, a) => $(a).text()).get() });
      const next = $('.more-link a, .pagination a[rel=next]').attr('href');
      file = next ? `${next.slice(1)}index.html` : null;
    }
    return pages;
  };
  /** Titles of the listing's stories as the catalog orders them, newest first. */
  const expected = (keep: (i: number) => boolean, withNew: boolean) => [
    ...(withNew ? ['Story new'] : []),
    ...Array.from({ length: COUNT }, (_, k) => COUNT - 1 - k).filter(keep).map((i) => `Story ${i}`),
  ];
  const listings: [string, (i: number) => boolean][] = [
    ['', () => true],
    ['news/', (i) => i % 2 === 0],
    ['sport/', (i) => i % 2 === 1],
    ['tags/topic-0/', (i) => i % 4 === 0],
    ['tags/topic-1/', (i) => i % 4 === 1],
    ['authors/writer-0/', (i) => i % 3 === 0],
    ['2026/03/', () => true],
    ['2026/', () => true],
  ];

  beforeAll(async () => {
    s = paper();
    expect((await s.build()).diagnostics).toEqual([]);
    for (const [root, keep] of listings) {
      expect(walk(root).flatMap((p) => p.titles), root).toEqual(expected(keep, false));
    }
    s.write('content/news/new.md', NEW);
    added = await s.build();
    expect(added.diagnostics).toEqual([]);
  });

  it('shows every story of a listing on exactly one of its pages, newest first', () => {
    for (const [root, keep] of listings) {
      const pages = walk(root);
      expect(pages.flatMap((p) => p.titles), root).toEqual(expected(keep, ['', 'news/', 'tags/topic-0/', 'authors/writer-0/', '2026/03/', '2026/'].includes(root)));
      // The first page holds the newest; archive pages are full except the newest of them.
      pages.slice(2).forEach((p) => expect(p.titles, p.file).toHaveLength(SIZE));
    }
    expect(walk('news/').map((p) => p.file)).toEqual(['news/index.html', ...[7, 6, 5, 4, 3, 2, 1].map((n) => `news/page/${n}/index.html`)]);
  });

  it('rewrites only the first and newest archive pages of the new article\'s listings', () => {
    const pages = added.changed.filter((p) => p.endsWith('.html'));
    // Pages whose related block now shows the new article (none by default: blocks show older stories).
    const neighbours = pages.filter((p) => /^(news|sport)\/2026\/03\/s\d+\/index\.html$/.test(p));
    for (const p of neighbours) expect(s.html(p)('aside.related-stories a[href="/news/2026/03/new/"]'), p).toHaveLength(1);
    expect(neighbours.length).toBeLessThanOrEqual(6);
    expect(pages.filter((p) => !neighbours.includes(p)).sort()).toEqual(
      [
        'news/2026/03/new/index.html',
        // Front list and News: a new archive page 14 / 7, and a "newer" link on 13 / 6.
        'index.html', 'page/14/index.html', 'page/13/index.html',
        'news/index.html', 'news/page/7/index.html', 'news/page/6/index.html',
        // Topic 0 (archive 8 -> 9 stories) and Writer 0 (11 -> 12): the newest page fills up.
        'tags/topic-0/index.html', 'tags/topic-0/page/3/index.html',
        'authors/writer-0/index.html', 'authors/writer-0/page/4/index.html',
        '2026/03/index.html', '2026/03/page/14/index.html', '2026/03/page/13/index.html',
        '2026/index.html', '2026/page/14/index.html', '2026/page/13/index.html',
        // The counts on the indexes of topics and writers, and the newest five on the 404 page.
        'tags/index.html', 'authors/index.html', '404.html',
      ].sort(),
    );
    const others = added.changed.filter((p) => !p.endsWith('.html') && !p.startsWith('pagefind/'));
    expect(others.sort()).toEqual(['atom.xml', 'feed.xml', 'news/atom.xml', 'news/feed.xml', 'sitemap.xml']);
  });

  it('gives archive pages a sitemap lastmod from their own stories, so full ones keep theirs', () => {
    const sitemap = s.read('sitemap.xml');
    const lastmod = (path: string) => sitemap.match(new RegExp(`<loc>https://example.org/${path}</loc><lastmod>([^<]+)</lastmod>`))?.[1];
    // Page 1 of News holds stories 0, 2 and 4; the newest is story 4, on March 3rd.
    expect(lastmod('news/page/1/')).toBe('2026-03-03T08:00:00+07:00');
    // Page 7 holds only story 36, which the new story pushed off the first page.
    expect(lastmod('news/page/7/')).toBe('2026-03-19T08:00:00+07:00');
    expect(lastmod('news/')).toBe('2026-03-28T09:00:00+07:00');
  });

  it('labels the navigation, marks the current page and never says how many pages there are', () => {
    const $ = s.html('news/page/6/index.html');
    const nav = $('nav.pagination');
    expect(nav.attr('aria-label')).toBe('News pages');
    expect(nav.find('[aria-current=page]').text()).toBe('6');
    expect(nav.find('a[rel=prev]').attr('href')).toBe('/news/page/7/');
    expect(nav.find('a[rel=next]').attr('href')).toBe('/news/page/5/');
    expect(nav.find('li').map((_, li) => $(li).text().trim()).get()).toEqual(['Newer stories', 'Latest', '7', '6', '5', '4', '…', '1', 'Older stories']);
    expect($('h1').text()).toBe('News page 6');
    expect(s.html('news/page/7/index.html')('nav.pagination a[rel=prev]').attr('href')).toBe('/news/');
  });

  it('gives listing pages valid HTML and navigation links that all reach a page', async () => {
    const validator = new HtmlValidate(JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')));
    const listingPages = s.files().filter((f) => /(^|\/)page\/\d+\/index\.html$/.test(f) || listings.some(([root]) => f === `${root}index.html`));
    expect(listingPages.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const f of listingPages) {
      const report = await validator.validateString(s.read(f), f);
      for (const r of report.results) for (const m of r.messages) problems.push(`${f}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
      const $ = s.html(f);
      for (const a of $('nav.pagination a').toArray()) {
        const href = $(a).attr('href')!;
        expect(s.exists(`${href.slice(1)}index.html`), `${f}: ${href}`).toBe(true);
      }
    }
    expect(problems).toEqual([]);
  });

  it('in a watch session renders just the pages whose bytes change, and matches a full build', async () => {
    const t = paper();
    const session = createSession();
    const options = { cwd: t.dir, contentDir: t.content, templatesDir: DEFAULT_TEMPLATES, outDir: t.out, now: NOW, session, threads: 1 };
    expect((await build(options)).ok).toBe(true);
    t.write('content/news/new.md', NEW);
    const r = await build(options);
    expect(r.ok).toBe(true);
    // Page keys change exactly when the page's bytes can: nothing is rendered to no effect.
    expect(r.rendered).toBe(r.changed.filter((p) => p.endsWith('.html') && !p.startsWith('pagefind/')).length);
    expect(r.rendered).toBeLessThan(30);
    const fresh = path.join(t.dir, 'fresh');
    rmSync(fresh, { recursive: true, force: true });
    expect((await build({ ...options, session: undefined, outDir: fresh })).ok).toBe(true);
    expect(snapshot(t.out)).toEqual(snapshot(fresh));
  });
});
