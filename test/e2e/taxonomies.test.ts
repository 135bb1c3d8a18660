// Tag, author and date-archive pages, their indexes, and a link check over the whole site.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CheerioAPI } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { article, listFiles, PAPER_YAML, site, type TestSite } from '../helpers/site.js';

const BASE_PATH = '/paper/';

function paper(): TestSite {
  return site({
    'content/paper.yaml': `${PAPER_YAML.replace('https://example.org/', `https://example.org${BASE_PATH}`)}page_size: 2\n`,
    'content/news/dike-report.md': article({ title: 'Dike report', date: '2026-01-05T10:00:00', tags: ['floods', 'Tonle Sap'], authors: ['Sokha Chan', 'Vuthy Heng'], kicker: 'Analysis' }),
    'content/news/rain-warning.md': article({ title: 'Rain warning', date: '2026-02-10T10:00:00', tags: ['floods'], authors: ['Sokha Chan'] }),
    'content/sport/match-off.md': article({ title: 'Match called off', date: '2026-02-20T10:00:00', section: 'sport', tags: ['Floods'], authors: ['Sokha Chan'] }),
    'content/news/relief-funds.md': article({ title: 'Relief funds arrive', date: '2026-02-25T10:00:00', tags: ['floods'], authors: ['Sokha Chan'] }),
    // 5am on New Year's Day in Phnom Penh is still 2024 in UTC: archives follow the paper's zone.
    'content/opinion/lake-view.md': article({ title: 'A view of the lake', date: '2025-01-01T05:00:00', section: 'opinion', tags: ['ទន្លេសាប'], authors: ['Dara Keo'] }),
    'content/news/unfinished.md': article({ title: 'Unfinished draft', date: '2026-02-15T10:00:00', tags: ['floods', 'draft-only'], authors: ['Sokha Chan', 'Ghost Writer'], draft: true }),
    'content/authors/sokha-chan.md': '---\nname: Sokha Chan\ntitle: Senior reporter\n---\nSokha has covered **floods** since 2010.\n',
  });
}

describe('tags, authors and archives', () => {
  let s: TestSite;
  const titles = ($: CheerioAPI) => $('.story-list .story__headline a').map((_, a) => $(a).text()).get();
  const hrefOf = (rel: string) => `${BASE_PATH}${encodeURI(rel)}`;
  /** The file a root-relative href serves, or null when it is outside the site. */
  const target = (href: string): string | null => {
    const clean = decodeURI(href.split(/[?#]/)[0]!);
    if (!clean.startsWith(BASE_PATH)) return null;
    const rel = clean.slice(BASE_PATH.length);
    return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
  };
  /** Titles on every page of a paginated listing, following rel=next. */
  const allPages = (root: string) => {
    const pages: string[][] = [];
    let file: string | null = `${root}index.html`;
    while (file) {
      const $ = s.html(file);
      pages.push(titles($));
      const next = $('.pagination a[rel=next]').attr('href');
      file = next ? target(next) : null;
    }
    return pages;
  };

  beforeAll(async () => {
    s = paper();
    const res = await s.build();
    expect(res.diagnostics).toEqual([]);
  });

  it('a tag page lists exactly its published stories, newest first, two per page', () => {
    expect(allPages('tags/floods/')).toEqual([
      ['Relief funds arrive', 'Match called off'],
      ['Rain warning', 'Dike report'],
    ]);
    expect(s.html('tags/floods/index.html')('h1').text().toLowerCase()).toBe('floods');
    // Older stories are on archive pages numbered from the oldest, so the only one is page 1.
    expect(s.html('tags/floods/page/1/index.html')('h1').text()).toContain('page 1');
    expect(s.exists('tags/floods/page/2/index.html')).toBe(false);
    expect(allPages('tags/tonle-sap/')).toEqual([['Dike report']]);
    expect(allPages('tags/ទន្លេសាប/')).toEqual([['A view of the lake']]);
    expect(s.exists('tags/draft-only/index.html')).toBe(false);
  });

  it('an author page lists their stories, paginated, with the profile from content/authors/', () => {
    expect(allPages('authors/sokha-chan/')).toEqual([
      ['Relief funds arrive', 'Match called off'],
      ['Rain warning', 'Dike report'],
    ]);
    const $ = s.html('authors/sokha-chan/index.html');
    expect($('h1').text()).toBe('Sokha Chan');
    expect($('.profile .profile__title').text()).toBe('Senior reporter');
    expect($('.profile .profile__bio').text().trim()).toBe('Sokha has covered floods since 2010.');
    expect($('.profile .profile__bio strong').text()).toBe('floods');
    expect(s.html('authors/sokha-chan/page/1/index.html')('.profile')).toHaveLength(0);
    expect(allPages('authors/vuthy-heng/')).toEqual([['Dike report']]);
    expect(s.html('authors/vuthy-heng/index.html')('.profile')).toHaveLength(0);
    expect(s.exists('authors/ghost-writer/index.html')).toBe(false);
  });

  it('/tags/ and /authors/ list every published term with its count and a working link', () => {
    const entries = (rel: string) => {
      const $ = s.html(rel);
      return Object.fromEntries(
        $('.term-index li').map((_, li) => [[$(li).find('a').text().toLowerCase(), [$(li).find('a').attr('href'), Number($(li).find('.term-index__count').text())]]]).get() as [string, [string, number]][],
      );
    };
    expect(entries('tags/index.html')).toEqual({
      floods: [hrefOf('tags/floods/'), 4],
      'tonle sap': [hrefOf('tags/tonle-sap/'), 1],
      'ទន្លេសាប': [hrefOf('tags/ទន្លេសាប/'), 1],
    });
    expect(entries('authors/index.html')).toEqual({
      'dara keo': [hrefOf('authors/dara-keo/'), 1],
      'sokha chan': [hrefOf('authors/sokha-chan/'), 4],
      'vuthy heng': [hrefOf('authors/vuthy-heng/'), 1],
    });
  });

  it('date archives by year and month, in the paper time zone', () => {
    expect(allPages('2026/')).toEqual([
      ['Relief funds arrive', 'Match called off'],
      ['Rain warning', 'Dike report'],
    ]);
    expect(allPages('2026/02/')).toEqual([['Relief funds arrive', 'Match called off'], ['Rain warning']]);
    expect(allPages('2026/01/')).toEqual([['Dike report']]);
    expect(allPages('2025/')).toEqual([['A view of the lake']]);
    expect(allPages('2025/01/')).toEqual([['A view of the lake']]);
    expect(s.files().some((f) => f.startsWith('2024/'))).toBe(false);
    expect(s.exists('2026/03/index.html')).toBe(false);
    expect(s.html('2026/02/index.html')('h1').text()).toContain('February 2026');
  });

  it('an article links each byline and each tag to its page, and shows its kicker', () => {
    const $ = s.html('news/2026/01/dike-report/index.html');
    expect($('.article__kicker').text()).toBe('Analysis');
    const byline = $('.article__byline a');
    expect(byline.map((_, a) => [[$(a).text(), $(a).attr('href')]]).get()).toEqual([
      ['Sokha Chan', hrefOf('authors/sokha-chan/')],
      ['Vuthy Heng', hrefOf('authors/vuthy-heng/')],
    ]);
    const tags = $('.tag-list a');
    expect(tags.map((_, a) => [[$(a).text(), $(a).attr('href')]]).get()).toEqual([
      ['floods', hrefOf('tags/floods/')],
      ['Tonle Sap', hrefOf('tags/tonle-sap/')],
    ]);
    for (const a of [...byline.toArray(), ...tags.toArray()]) {
      expect(allPages(target($(a).attr('href')!)!.replace(/index\.html$/, '')).flat()).toContain('Dike report');
    }
    expect(s.html('news/2026/02/rain-warning/index.html')('.article__kicker')).toHaveLength(0);
  });

  it('every root-relative link, image, script, stylesheet and form on every page resolves to a file', () => {
    const pages = listFiles(s.out).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(25);
    let checked = 0;
    for (const page of pages) {
      const $ = s.html(page);
      const refs = [
        ...$('a[href], link[href]').map((_, el) => $(el).attr('href')).get(),
        ...$('img[src], script[src]').map((_, el) => $(el).attr('src')).get(),
        ...$('form[action]').map((_, el) => $(el).attr('action')).get(),
      ].filter((h) => h.startsWith('/'));
      for (const href of refs) {
        const file = target(href);
        expect(file, `${page}: ${href} is outside ${BASE_PATH}`).not.toBeNull();
        expect(existsSync(path.join(s.out, file!)), `${page}: ${href}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('tag names with a slash', () => {
  it('get one slugged page that the article links to, not nested folders', async () => {
    const t = site({ 'content/news/a.md': article({ tags: ['AC/DC'] }) });
    expect((await t.build()).ok).toBe(true);
    expect(t.exists('tags/acdc/index.html')).toBe(true);
    expect(t.exists('tags/AC/DC/index.html')).toBe(false);
    expect(t.html('news/2026/03/a/index.html')('.tag-list a').attr('href')).toBe('/tags/acdc/');
  });
});
