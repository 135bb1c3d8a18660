// sitemap.xml, news-sitemap.xml and robots.txt, read back with a real XML parser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPaper } from '../../src/build.js';
import type { OutputFile } from '../../src/model.js';
import { newsSitemapFiles, sitemapFiles } from '../../src/render/sitemaps.js';
import { article, NOW, PAPER_YAML, site, type TestSite, fileForUrl } from '../helpers/site.js';

const BASE = 'https://example.org/paper/';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const HOUR = 3_600_000;
/** An instant relative to NOW, as an ISO date with Z. */
const at = (ms: number) => `${new Date(NOW + ms).toISOString().slice(0, 19)}Z`;

const xml = new XMLParser({ ignoreAttributes: false });
type Node = Record<string, unknown>;
const list = (x: unknown): Node[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]) as Node[];

function paper(): TestSite {
  return site({
    'content/paper.yaml': PAPER_YAML.replace('https://example.org/', BASE),
    'content/news/an-hour-ago.md': article({ title: 'Rice & fish prices <fall>', date: at(-1 * HOUR) }),
    'content/news/two-days-ago.md': article({ title: 'ព័ត៌មាន​ទឹកជំនន់', date: at(-47 * HOUR), lang: 'km', updated: at(-46 * HOUR) }),
    'content/sport/too-old.md': article({ title: 'Too old for news', section: 'sport', date: at(-49 * HOUR) }),
    'content/sport/not-yet.md': article({ title: 'Not yet public', section: 'sport', date: at(2 * HOUR) }),
    'content/news/corrected.md': article({
      title: 'Corrected story',
      date: '2026-06-01T09:00:00',
      updated: '2026-06-01T10:00:00',
      corrections: [{ date: '2026-06-03T08:00:00', text: 'A figure was wrong.' }],
    }),
  });
}

describe('sitemaps', () => {
  let s: TestSite;
  const fileOf = (url: string) => fileForUrl(url, BASE);
  const urls = (rel: string) => {
    const doc = xml.parse(s.read(rel)) as { urlset: Node };
    return { urlset: doc.urlset, urls: list(doc.urlset.url) };
  };

  beforeAll(async () => {
    s = paper();
    const res = await s.build({ now: NOW });
    expect(res.diagnostics).toEqual([]);
  });

  it('sitemap.xml: the sitemap namespace, every <loc> absolute and an existing page, every article listed once', () => {
    const { urlset, urls: entries } = urls('sitemap.xml');
    expect(urlset['@_xmlns']).toBe(SITEMAP_NS);
    const locs = entries.map((u) => String(u.loc));
    expect(new Set(locs).size).toBe(locs.length);
    for (const loc of locs) {
      expect(loc.startsWith(BASE), loc).toBe(true);
      expect(s.exists(fileOf(loc)), loc).toBe(true);
    }
    expect(locs).toContain(BASE);
    const articles = locs.filter((l) => /\/\d{4}\/\d{2}\/[^/]+\/$/.test(l)).sort();
    expect(articles).toEqual(['news/2026/06/corrected/', 'news/2026/11/an-hour-ago/', 'news/2026/11/two-days-ago/', 'sport/2026/11/too-old/'].map((p) => BASE + p));
    expect(locs.some((l) => l.includes('not-yet'))).toBe(false);
  });

  it('an article lastmod is its updated time, else its date: W3C with the paper offset, as on the page', () => {
    const { urls: entries } = urls('sitemap.xml');
    for (const slug of ['an-hour-ago', 'two-days-ago', 'too-old']) {
      const entry = entries.find((u) => String(u.loc).endsWith(`/${slug}/`))!;
      const lastmod = String(entry.lastmod);
      expect(lastmod).toMatch(W3C);
      expect(lastmod.endsWith('+07:00')).toBe(true);
      const $ = s.html(fileOf(String(entry.loc)));
      expect(lastmod).toBe($('.article__stamps time').last().attr('datetime'));
    }
    expect(String(entries.find((u) => String(u.loc).endsWith('/two-days-ago/'))!.lastmod)).toBe('2026-11-27T21:00:00+07:00');
  });

  it('a correction after the update moves lastmod, like dateModified in the page data', () => {
    const { urls: entries } = urls('sitemap.xml');
    const entry = entries.find((u) => String(u.loc).endsWith('/corrected/'))!;
    const $ = s.html(fileOf(String(entry.loc)));
    const data = JSON.parse($('script[type="application/ld+json"]').first().text()) as { dateModified: string };
    expect(data.dateModified).toBe('2026-06-03T08:00:00+07:00');
    expect(String(entry.lastmod)).toBe(data.dateModified);
  });

  it('news-sitemap.xml holds only articles published in the 48 hours before the build, with Google News fields', () => {
    const { urlset, urls: entries } = urls('news-sitemap.xml');
    expect(urlset['@_xmlns']).toBe(SITEMAP_NS);
    expect(urlset['@_xmlns:news']).toBe(NEWS_NS);
    expect(entries.map((u) => String(u.loc))).toEqual([`${BASE}news/2026/11/an-hour-ago/`, `${BASE}news/2026/11/two-days-ago/`]);
    const expected = [
      { language: 'en', title: 'Rice & fish prices <fall>' },
      { language: 'km', title: 'ព័ត៌មាន​ទឹកជំនន់' },
    ];
    entries.forEach((u, i) => {
      const news = u['news:news'] as Node;
      const pub = news['news:publication'] as Node;
      expect(pub['news:name']).toBe('The Test Gazette');
      expect(pub['news:language']).toBe(expected[i]!.language);
      expect(news['news:title']).toBe(expected[i]!.title);
      const date = String(news['news:publication_date']);
      expect(date).toMatch(W3C);
      const $ = s.html(fileOf(String(u.loc)));
      expect(date).toBe($('.article__stamps time').first().attr('datetime'));
      expect($('h1').text()).toBe(expected[i]!.title);
    });
  });

  it('the news window moves with the clock', async () => {
    const out = path.join(s.dir, 'later');
    await s.build({ now: NOW + 2 * HOUR + 1, out });
    const doc = xml.parse(readFileSync(path.join(out, 'news-sitemap.xml'), 'utf8')) as { urlset: Node };
    expect(list(doc.urlset.url).map((u) => String(u.loc))).toEqual([`${BASE}sport/2026/11/not-yet/`, `${BASE}news/2026/11/an-hour-ago/`]);
  });

  it('robots.txt names both sitemaps by absolute URL', () => {
    const lines = s.read('robots.txt').split('\n');
    const maps = lines.filter((l) => l.startsWith('Sitemap: ')).map((l) => l.slice('Sitemap: '.length));
    expect(maps).toEqual([`${BASE}sitemap.xml`, `${BASE}news-sitemap.xml`]);
    for (const m of maps) expect(s.exists(fileOf(m))).toBe(true);
  });
});

describe('sitemap splitting past the limit', () => {
  const text = (f: OutputFile) => ('content' in f ? (typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content)) : '');

  /** Checks an index + parts set: the index lists every part, each part has at most `limit` URLs. */
  function expectSplit(files: OutputFile[], indexPath: string, limit: number): string[] {
    expect(files[0]!.path).toBe(indexPath);
    const index = (xml.parse(text(files[0]!)) as { sitemapindex: Node }).sitemapindex;
    expect(index['@_xmlns']).toBe(SITEMAP_NS);
    const parts = list(index.sitemap).map((m) => String(m.loc));
    expect(parts).toEqual(files.slice(1).map((f) => BASE + f.path));
    const locs: string[] = [];
    for (const part of files.slice(1)) {
      const urlset = (xml.parse(text(part)) as { urlset: Node }).urlset;
      expect(urlset['@_xmlns']).toBe(SITEMAP_NS);
      const entries = list(urlset.url);
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.length).toBeLessThanOrEqual(limit);
      locs.push(...entries.map((u) => String(u.loc)));
    }
    return locs;
  }

  it('sitemapFiles writes a sitemap index and parts of at most `limit` URLs', async () => {
    const s = paper();
    const { config } = (await readPaper({ cwd: s.dir, contentDir: s.content, now: NOW }, []))!;
    const entries = ['', 'news/', 'sport/', 'a/', 'b/'].map((sitePath) => ({ sitePath, lastmod: null }));
    expect(sitemapFiles(config, entries, 5).map((f) => f.path)).toEqual(['sitemap.xml']);
    const files = sitemapFiles(config, entries, 2);
    expect(files).toHaveLength(4);
    expect(expectSplit(files, 'sitemap.xml', 2)).toEqual(entries.map((e) => BASE + e.sitePath));
  });

  it('newsSitemapFiles splits the same way and keeps the news namespace in each part', async () => {
    const s = paper();
    const { config, catalog } = (await readPaper({ cwd: s.dir, contentDir: s.content, now: NOW }, []))!;
    expect(newsSitemapFiles(config, catalog, NOW, 2).map((f) => f.path)).toEqual(['news-sitemap.xml']);
    const files = newsSitemapFiles(config, catalog, NOW, 1);
    expect(expectSplit(files, 'news-sitemap.xml', 1)).toEqual([`${BASE}news/2026/11/an-hour-ago/`, `${BASE}news/2026/11/two-days-ago/`]);
    for (const part of files.slice(1)) expect((xml.parse(text(part)) as { urlset: Node }).urlset['@_xmlns:news']).toBe(NEWS_NS);
  });
});
