// RSS and Atom feeds read back with a real feed parser (rss-parser), as a feed reader would.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import Parser from 'rss-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { article, PAPER_YAML, site, type TestSite, fileForUrl } from '../helpers/site.js';

const BASE = 'https://example.org/paper/';
const FILLERS = 52;

type Raw = string | { _: string; $?: { type?: string } };
/** What a reader shows for an Atom text construct: type="html" content is markup. */
function shown(raw: Raw): string {
  if (typeof raw === 'string') return raw;
  return raw.$?.type === 'html' ? load(`<p>${raw._}</p>`)('p').text() : raw._;
}

interface Extra {
  authors?: (string | { name: string[] })[];
  atomCategories?: (string | { $: { label: string } })[];
  titleRaw?: Raw[];
  summaryRaw?: Raw[];
  updated?: string;
  published?: string;
}
const parser = new Parser<Record<string, unknown>, Extra>({
  customFields: {
    item: [['author', 'authors', { keepArray: true }], ['category', 'atomCategories', { keepArray: true }], ['title', 'titleRaw', { keepArray: true }], ['summary', 'summaryRaw', { keepArray: true }], 'updated', 'published'],
  },
});

/** 3 recent stories plus 52 older fillers (every fifth in Sport): 55 articles. */
function paper(): TestSite {
  const files: Record<string, string> = {
    'content/paper.yaml': PAPER_YAML.replace('https://example.org/', BASE),
    'content/news/flood-maps.md': article({
      title: 'Flood maps redrawn & shared',
      date: '2026-11-28T09:00:00',
      updated: '2026-11-28T10:00:00',
      corrections: [{ date: '2026-11-28T12:30:00', text: 'An earlier version misspelt a name.' }],
      authors: ['Sokha Chan', 'Vuthy Heng'],
      tags: ['floods', 'Tonle Sap'],
      summary: 'New maps show where the water will go.',
    }),
    'content/sport/derby.md': article({ title: 'Derby day', section: 'sport', date: '2026-11-27T20:00:00+02:00', authors: ['Dara Keo'] }, 'A late goal settled it.'),
    'content/news/canvas.md': article({ title: 'Why the <canvas> tag matters to map makers', date: '2026-11-26T08:00:00', summary: 'How <canvas> & <svg> differ.' }),
  };
  for (let i = 1; i <= FILLERS; i++) {
    const n = String(i).padStart(2, '0');
    const day = new Date(Date.UTC(2026, 9, 1, i)).toISOString().slice(0, 19);
    files[`content/news/filler-${n}.md`] = article({ title: `Filler story ${n}`, date: day, section: i % 5 === 0 ? 'sport' : 'news' }, `Filler body number ${n}.`);
  }
  return site(files);
}

describe('feeds', () => {
  let s: TestSite;
  const feed = (rel: string) => parser.parseString(s.read(rel));
  /** The visible <time datetime> stamps of an article page, by permalink. */
  const stamps = (link: string) => {
    const $ = s.html(fileOf(link));
    return { published: $('.article__stamps time').first().attr('datetime')!, corrections: $('aside.corrections time').map((_, t) => $(t).attr('datetime')).get() };
  };
  const fileOf = (url: string) => fileForUrl(url, BASE);

  beforeAll(async () => {
    s = paper();
    const res = await s.build();
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(res.articles).toBe(55);
  });

  it('RSS: at most 50 items, newest first, each with an absolute link to an existing page', async () => {
    const rss = await feed('feed.xml');
    expect(rss.title).toBe('The Test Gazette');
    expect(rss.link).toBe(BASE);
    expect(rss.feedUrl).toBe(`${BASE}feed.xml`);
    expect(rss.items).toHaveLength(50);
    const times = rss.items.map((i) => Date.parse(i.isoDate!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(rss.items.slice(0, 3).map((i) => i.title)).toEqual(['Flood maps redrawn & shared', 'Derby day', 'Why the <canvas> tag matters to map makers']);
    // The five oldest fillers (01..05) fall off the end.
    expect(rss.items.at(-1)!.title).toBe('Filler story 06');
    for (const item of rss.items) {
      expect(item.link!.startsWith(BASE), item.link).toBe(true);
      expect(s.exists(fileOf(item.link!)), item.link).toBe(true);
      expect(item.guid).toBe(item.link);
      expect(Date.parse(item.isoDate!)).toBe(Date.parse(stamps(item.link!).published));
    }
  });

  it('RSS items carry the summary, every author, and the section plus tags as categories', async () => {
    const [top, derby] = (await feed('feed.xml')).items;
    expect(top!.link).toBe(`${BASE}news/2026/11/flood-maps/`);
    expect(top!.contentSnippet).toBe('New maps show where the water will go.');
    expect(top!.authors).toEqual(['Sokha Chan', 'Vuthy Heng']);
    expect(top!.categories).toEqual(['News', 'floods', 'Tonle Sap']);
    expect(derby!.authors).toEqual(['Dara Keo']);
    expect(derby!.categories).toEqual(['Sport']);
    expect(derby!.contentSnippet).toBe('A late goal settled it.');
    // 20:00+02:00 is 18:00Z, shown on the page as 01:00+07:00.
    expect(stamps(derby!.link!).published).toBe('2026-11-28T01:00:00+07:00');
    expect(derby!.isoDate).toBe('2026-11-27T18:00:00.000Z');
  });

  it('Atom: same entries; published is the date, updated the latest change (a correction)', async () => {
    const atom = await feed('atom.xml');
    expect(atom.title).toBe('The Test Gazette');
    expect(atom.feedUrl).toBe(`${BASE}atom.xml`);
    expect(atom.items).toHaveLength(50);
    const rss = await feed('feed.xml');
    expect(atom.items.map((i) => i.link)).toEqual(rss.items.map((i) => i.link));
    const top = atom.items[0]!;
    const seen = stamps(top.link!);
    expect(Date.parse(top.published!)).toBe(Date.parse(seen.published));
    expect(seen.corrections).toEqual(['2026-11-28T12:30:00+07:00']);
    expect(Date.parse(top.updated!)).toBe(Date.parse(seen.corrections[0]!));
    expect(top.summary).toBe('New maps show where the water will go.');
    expect(top.authors!.map((a) => (typeof a === 'string' ? a : a.name[0]))).toEqual(['Sokha Chan', 'Vuthy Heng']);
    expect(top.atomCategories!.map((c) => (typeof c === 'string' ? c : c.$.label))).toEqual(['News', 'floods', 'Tonle Sap']);
  });

  it('headlines and summaries read back as their text, whatever the markup rules of each format', async () => {
    const atom = await feed('atom.xml');
    const rss = await feed('feed.xml');
    for (const [i, item] of atom.items.slice(0, 3).entries()) {
      const $ = load(s.read(fileOf(item.link!)));
      expect(shown(item.titleRaw![0]!), JSON.stringify(item.titleRaw)).toBe($('h1').text());
      expect(shown(item.summaryRaw![0]!), JSON.stringify(item.summaryRaw)).toBe($('meta[name=description]').attr('content'));
      // RSS titles are plain text; RSS descriptions are HTML.
      expect(rss.items[i]!.title).toBe($('h1').text());
      expect(load(`<p>${rss.items[i]!.content}</p>`)('p').text()).toBe($('meta[name=description]').attr('content'));
    }
    expect(shown(atom.items[2]!.summaryRaw![0]!)).toBe('How <canvas> & <svg> differ.');
  });

  it('a section feed holds only that section, with its own self link', async () => {
    for (const rel of ['sport/feed.xml', 'sport/atom.xml']) {
      const f = await feed(rel);
      expect(f.title).toBe('Sport | The Test Gazette');
      expect(f.feedUrl).toBe(`${BASE}${rel}`);
      expect(f.items.map((i) => i.title)).toEqual(['Derby day', ...['50', '45', '40', '35', '30', '25', '20', '15', '10', '05'].map((n) => `Filler story ${n}`)]);
      for (const item of f.items) expect(s.html(fileOf(item.link!))('.article__section a').text()).toBe('Sport');
    }
  });

  it('pages announce their feeds with <link rel="alternate"> pointing at existing feed files', async () => {
    const expected: Record<string, string[]> = {
      'index.html': ['/paper/feed.xml', '/paper/atom.xml'],
      'sport/index.html': ['/paper/sport/feed.xml', '/paper/sport/atom.xml', '/paper/feed.xml', '/paper/atom.xml'],
      'news/2026/11/flood-maps/index.html': ['/paper/news/feed.xml', '/paper/news/atom.xml', '/paper/feed.xml', '/paper/atom.xml'],
    };
    for (const [page, hrefs] of Object.entries(expected)) {
      const $ = s.html(page);
      const links = $('link[rel=alternate][type="application/rss+xml"], link[rel=alternate][type="application/atom+xml"]');
      expect(links.map((_, l) => $(l).attr('href')).get(), page).toEqual(hrefs);
      for (const l of links.toArray()) {
        const href = $(l).attr('href')!;
        expect(existsSync(path.join(s.out, href.slice('/paper/'.length))), href).toBe(true);
        expect($(l).attr('type')).toBe(href.endsWith('atom.xml') ? 'application/atom+xml' : 'application/rss+xml');
        expect($(l).attr('title')).toMatch(/The Test Gazette \((RSS|Atom)\)$/);
        const parsed = await feed(href.slice('/paper/'.length));
        expect(parsed.feedUrl).toBe(`https://example.org${href}`);
      }
    }
  });
});
