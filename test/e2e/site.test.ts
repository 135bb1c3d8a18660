// A small paper built end to end; assertions are on the parsed HTML a reader would get.
import { beforeAll, describe, expect, it } from 'vitest';
import { article, PAPER_YAML, site, type TestSite, JPEG_1x1 } from '../helpers/site.js';

function paper(): TestSite {
  return site({
    'content/paper.yaml': `${PAPER_YAML}page_size: 3\n`,
    'content/media/photo.jpg': JPEG_1x1,
    'content/news/flood-plan.md': article(
      {
        title: 'Flood plan unveiled',
        date: '2018-03-20T09:00:00',
        updated: '2018-03-20T17:05:00',
        tags: ['floods', 'budget'],
        authors: ['Sokha Chan', 'Vuthy Heng'],
        summary: 'The dek of the flood plan.',
        dateline: 'PHNOM PENH',
        featured: true,
        related: ['old-match', 'dam-talks'],
        image: { src: '../media/photo.jpg', alt: 'A river at dusk', caption: 'The river.', credit: 'Staff' },
      },
      'The government announced a plan.\n\n## Where the money goes\n\nRoads and [dikes](https://example.com/dikes).',
    ),
    'content/news/dam-talks.md': article({ title: 'Dam talks stall', date: '2018-03-18T08:00:00', tags: ['floods'] }),
    'content/news/flood-shelters.md': article({ title: 'Shelters open', date: '2018-03-19T08:00:00', tags: ['floods', 'budget'] }),
    'content/news/secret.md': article({ title: 'Secret draft story', date: '2018-03-21T08:00:00', tags: ['floods'], draft: true }),
    'content/sport/old-match.md': article({ title: 'An old match', date: '2017-01-01T20:00:00', section: 'sport' }),
    'content/sport/derby.md': article({ title: 'Derby day', date: '2018-03-17T20:00:00', section: 'sport' }),
    'content/opinion/view.md': article({ title: 'A view on floods', date: '2018-03-16T06:00:00', section: 'opinion', tags: ['floods'] }, 'Floods are coming, the writer argues, and the plan must be ready for them long before the water arrives in the villages along the lake.'),
  });
}

describe('a built paper', () => {
  let s: TestSite;
  beforeAll(async () => {
    s = paper();
    const res = await s.build();
    expect(res.diagnostics).toEqual([]);
    expect(res.ok).toBe(true);
  });

  it('renders the article page with headline, dek, byline, dateline, stamps, image and tags', () => {
    const $ = s.html('news/2018/03/flood-plan/index.html');
    expect($('h1')).toHaveLength(1);
    expect($('h1').text()).toBe('Flood plan unveiled');
    expect($('.article__section a').attr('href')).toBe('/news/');
    expect($('.article__dek').text()).toBe('The dek of the flood plan.');
    expect($('.article__byline').text()).toBe('By Sokha Chan and Vuthy Heng');
    expect($('.dateline').text()).toContain('PHNOM PENH');
    const times = $('.article__stamps time');
    expect(times.eq(0).attr('datetime')).toBe('2018-03-20T09:00:00+07:00');
    expect(times.eq(1).attr('datetime')).toBe('2018-03-20T17:05:00+07:00');
    expect($('.article__stamps').text()).toContain('Updated 5:05pm, Tuesday, March 20, 2018');
    const img = $('.article__figure img');
    expect(img.attr('src')).toMatch(/^\/media\/photo-[0-9a-f]{10}-1\.jpg$/);
    expect(img.attr('alt')).toBe('A river at dusk');
    expect([img.attr('width'), img.attr('height')]).toEqual(['1', '1']);
    expect($('.article__figure figcaption').text()).toContain('The river.');
    expect($('.article__figure .credit').text()).toBe('Staff');
    expect($('.tag-list li').map((_, el) => $(el).text()).get()).toEqual(['floods', 'budget']);
    expect($('.article__body h2').attr('id')).toBe('where-the-money-goes');
    expect($('.article__body a[href="https://example.com/dikes"]').attr('rel')).toBe('noopener');
    expect($('html').attr('lang')).toBe('en');
    expect($('link[rel=canonical]').attr('href')).toBe('https://example.org/news/2018/03/flood-plan/');
  });

  it('ends the article with a related-stories block: pins first, never itself, never a draft', () => {
    const $ = s.html('news/2018/03/flood-plan/index.html');
    const block = $('aside.related-stories');
    expect(block).toHaveLength(1);
    const items = block.find('> article');
    expect(items).toHaveLength(4);
    const links = items.map((_, el) => $(el).find('h3 a').attr('href')).get();
    expect(links.slice(0, 2)).toEqual(['/sport/2017/01/old-match/', '/news/2018/03/dam-talks/']);
    expect(links).not.toContain('/news/2018/03/flood-plan/');
    expect(links.some((l) => l.includes('secret'))).toBe(false);
    expect(new Set(links).size).toBe(links.length);
    items.each((_, el) => {
      expect($(el).find('time').attr('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      expect($(el).find('.related-story__excerpt').text().length).toBeGreaterThan(10);
    });
    expect(items.eq(0).find('.stamp').text()).toBe('8:00pm, Sunday, January 1, 2017');
  });

  it('builds a front page with masthead, lead, section blocks and a latest list', () => {
    const $ = s.html('index.html');
    expect($('h1').text()).toBe('The Test Gazette');
    expect($('.masthead__edition time').attr('datetime')).toBe('2026-11-29');
    expect($('form[role=search]').attr('action')).toBe('/search/');
    expect($('nav[aria-label=Sections] a').map((_, el) => $(el).attr('href')).get()).toEqual(['/news/', '/sport/', '/opinion/']);
    expect($('.front__lead h2 a').attr('href')).toBe('/news/2018/03/flood-plan/');
    expect($('.front__section h2').map((_, el) => $(el).text()).get()).toEqual(['News', 'Sport', 'Opinion']);
    expect($('.latest-list li')).toHaveLength(2);
    // Archive pages count from the oldest: the newest of them is page 1 while there is one.
    expect($('.more-link a').attr('href')).toBe('/page/1/');
  });

  it('paginates older stories on /page/N/ and section pages', () => {
    const page1 = s.html('page/1/index.html');
    expect(page1('h1').text()).toContain('page 1');
    expect(page1('h1').text()).not.toContain(' of ');
    expect(page1('.story h2 a').map((_, el) => page1(el).text()).get()).toEqual(['Derby day', 'A view on floods', 'An old match']);
    expect(page1('.pagination a[rel=prev]').attr('href')).toBe('/');
    expect(s.exists('page/2/index.html')).toBe(false);
    const news = s.html('news/index.html');
    expect(news('.story h2 a').map((_, el) => news(el).text()).get()).toEqual(['Flood plan unveiled', 'Shelters open', 'Dam talks stall']);
    expect(s.exists('news/page/2/index.html')).toBe(false);
    expect(s.html('sport/index.html')('.story')).toHaveLength(2);
  });

  it('writes 404.html, robots.txt, one stylesheet and leaves drafts out of every file', () => {
    expect(s.html('404.html')('h1').text()).toBe('Page not found');
    expect(s.read('robots.txt')).toContain('User-agent: *');
    const css = s.files().filter((f) => f.endsWith('.css') && f.startsWith('assets/'));
    expect(css).toHaveLength(1);
    expect(s.html('index.html')('link[rel=stylesheet]').attr('href')).toBe(`/${css[0]}`);
    for (const f of s.files().filter((f) => /\.(html|txt|json)$/.test(f))) {
      expect(s.read(f), f).not.toContain('Secret draft story');
    }
  });

  it('publishes drafts with --drafts', async () => {
    const preview = paper();
    await preview.build({ drafts: true });
    expect(preview.exists('news/2018/03/secret/index.html')).toBe(true);
  });

  it('removes pages of deleted articles on the next build, and only rewrites what changed', async () => {
    const t = paper();
    await t.build();
    expect(t.exists('sport/2018/03/derby/index.html')).toBe(true);
    const { rmSync } = await import('node:fs');
    rmSync(`${t.content}/sport/derby.md`);
    const res = await t.build();
    expect(res.removed).toBeGreaterThan(0);
    expect(t.exists('sport/2018/03/derby/index.html')).toBe(false);
    expect(t.exists('sport/2018/03')).toBe(false);
    const again = await t.build();
    expect(again.written).toBe(0);
  });
});
