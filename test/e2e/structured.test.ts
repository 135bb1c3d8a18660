// Structured data (JSON-LD) and sharing tags, parsed from the built pages and checked against
// what the same page shows a reader.
import type { CheerioAPI } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { article, PAPER_YAML, site, type TestSite, JPEG_1x1, fileForUrl } from '../helpers/site.js';

const BASE = 'https://example.org/paper/';
/** Parsed JSON-LD; loosely typed so the assertions read like the data. */
type Json = Record<string, any>;

function paper(): TestSite {
  return site({
    'content/paper.yaml': PAPER_YAML.replace('https://example.org/', BASE),
    'content/media/photo.jpg': JPEG_1x1,
    'content/news/flood-plan.md': article({
      title: 'Flood plan unveiled',
      date: '2026-03-20T09:00:00',
      updated: '2026-03-20T17:05:00',
      authors: ['Sokha Chan', 'Vuthy Heng'],
      tags: ['floods', 'Tonle Sap'],
      summary: 'The dek of the flood plan.',
      image: { src: '../media/photo.jpg', alt: 'A river at dusk' },
    }),
    'content/news/corrected.md': article({
      title: 'A corrected story',
      date: '2026-03-18T08:00:00',
      updated: '2026-03-18T09:00:00',
      authors: ['Sokha Chan'],
      corrections: [
        { date: '2026-03-19T10:00:00', text: 'A figure was wrong.' },
        { date: '2026-03-21T07:30:00', text: 'A name was misspelt.' },
      ],
    }),
    'content/sport/script.md': article({ title: 'Why </script> ends a script & more', date: '2026-03-17T20:00:00', section: 'sport' }),
  });
}

describe('structured data and sharing tags', () => {
  let s: TestSite;
  const ld = ($: CheerioAPI): Json[] => $('script[type="application/ld+json"]').map((_, el) => JSON.parse($(el).text()) as Json).get();
  const meta = ($: CheerioAPI, key: string) => $(`meta[property="${key}"], meta[name="${key}"]`).attr('content');
  const fileOf = (url: string) => fileForUrl(url, BASE);

  beforeAll(async () => {
    s = paper();
    const res = await s.build();
    expect(res.diagnostics).toEqual([]);
  });

  it('an article page has one NewsArticle whose fields match what the page shows', () => {
    const $ = s.html('news/2026/03/flood-plan/index.html');
    const data = ld($);
    expect(data).toHaveLength(1);
    const a = data[0]!;
    expect(a['@context']).toBe('https://schema.org');
    expect(a['@type']).toBe('NewsArticle');
    expect(a.headline).toBe($('h1').text());
    expect(a.description).toBe($('meta[name=description]').attr('content'));
    const times = $('.article__stamps time').map((_, t) => $(t).attr('datetime')).get();
    expect(times).toEqual(['2026-03-20T09:00:00+07:00', '2026-03-20T17:05:00+07:00']);
    expect([a.datePublished, a.dateModified]).toEqual(times);
    const canonical = $('link[rel=canonical]').attr('href');
    expect(canonical).toBe(`${BASE}news/2026/03/flood-plan/`);
    expect(a.mainEntityOfPage['@id']).toBe(canonical);
    expect(a.articleSection).toBe('News');
    const keywords = Array.isArray(a.keywords) ? a.keywords : String(a.keywords).split(/,\s*/);
    expect(keywords).toEqual(['floods', 'Tonle Sap']);
    expect(a.publisher).toMatchObject({ '@type': 'NewsMediaOrganization', name: 'The Test Gazette', url: BASE });
  });

  it('authors are Persons whose url is their author page, the same pages the byline links to', () => {
    const $ = s.html('news/2026/03/flood-plan/index.html');
    const authors = ld($)[0]!.author as Json[];
    expect(authors.map((p) => [p['@type'], p.name, p.url])).toEqual([
      ['Person', 'Sokha Chan', `${BASE}authors/sokha-chan/`],
      ['Person', 'Vuthy Heng', `${BASE}authors/vuthy-heng/`],
    ]);
    const byline = $('.article__byline a').map((_, el) => `https://example.org${$(el).attr('href')}`).get();
    expect(byline).toEqual(authors.map((p) => p.url));
    for (const p of authors) expect(s.exists(fileOf(p.url)), p.url).toBe(true);
  });

  it('the image is an absolute URL of a file the site serves, and the same in og:image', () => {
    const $ = s.html('news/2026/03/flood-plan/index.html');
    const image = ld($)[0]!.image;
    const url = (Array.isArray(image) ? image[0] : typeof image === 'string' ? image : image.url) as string;
    expect(url).toMatch(new RegExp(`^${BASE}media/photo-[0-9a-f]{10}-1x1\\.jpg$`));
    expect(s.exists(fileOf(url))).toBe(true);
    expect(meta($, 'og:image')).toBe(url);
    expect(meta($, 'og:image:alt')).toBe('A river at dusk');
    expect([meta($, 'og:image:width'), meta($, 'og:image:height')]).toEqual(['1', '1']);
    expect(meta($, 'twitter:card')).toBe('summary_large_image');
    expect(meta($, 'twitter:image')).toBe(url);
  });

  it('with corrections, dateModified is the latest correction date shown in the notice', () => {
    const $ = s.html('news/2026/03/corrected/index.html');
    const a = ld($)[0]!;
    const shown = $('aside.corrections time').map((_, t) => $(t).attr('datetime')).get();
    expect(shown).toEqual(['2026-03-19T10:00:00+07:00', '2026-03-21T07:30:00+07:00']);
    expect(a.dateModified).toBe(shown.at(-1));
    expect(a.datePublished).toBe($('.article__stamps time').first().attr('datetime'));
    expect(meta($, 'article:modified_time')).toBe(a.dateModified);
    expect(meta($, 'article:published_time')).toBe(a.datePublished);
  });

  it('without an update or image: dateModified is the date, no image, a plain summary card', () => {
    const $ = s.html('sport/2026/03/script/index.html');
    const a = ld($)[0]!;
    expect(a.headline).toBe('Why </script> ends a script & more');
    expect(a.headline).toBe($('h1').text());
    expect(a.dateModified).toBe(a.datePublished);
    expect(a.datePublished).toBe('2026-03-17T20:00:00+07:00');
    expect(a.image).toBeUndefined();
    expect(a.keywords).toBeUndefined();
    expect(a.articleSection).toBe('Sport');
    expect(meta($, 'og:image')).toBeUndefined();
    expect(meta($, 'twitter:card')).toBe('summary');
    // The headline's "</script>" did not end the JSON-LD block early.
    expect($('script[type="application/ld+json"]')).toHaveLength(1);
  });

  it('Open Graph and Twitter tags describe the article', () => {
    const $ = s.html('news/2026/03/flood-plan/index.html');
    expect(meta($, 'og:type')).toBe('article');
    expect(meta($, 'og:title')).toBe('Flood plan unveiled');
    expect(meta($, 'og:description')).toBe('The dek of the flood plan.');
    expect(meta($, 'og:url')).toBe($('link[rel=canonical]').attr('href'));
    expect(meta($, 'og:site_name')).toBe('The Test Gazette');
    expect(meta($, 'article:section')).toBe('News');
    expect($('meta[property="article:tag"]').map((_, m) => $(m).attr('content')).get()).toEqual(['floods', 'Tonle Sap']);
    expect(meta($, 'twitter:title')).toBe('Flood plan unveiled');
  });

  it('the front page has a NewsMediaOrganization and a WebSite with a SearchAction into the search page', () => {
    const $ = s.html('index.html');
    const data = ld($);
    const org = data.find((d) => d['@type'] === 'NewsMediaOrganization' || d['@type'] === 'Organization');
    expect(org).toMatchObject({ '@context': 'https://schema.org', name: 'The Test Gazette', url: BASE });
    const web = data.find((d) => d['@type'] === 'WebSite')!;
    expect(web).toMatchObject({ '@context': 'https://schema.org', name: 'The Test Gazette', url: BASE });
    const action = web.potentialAction as Json;
    expect(action['@type']).toBe('SearchAction');
    const template = (typeof action.target === 'string' ? action.target : action.target.urlTemplate) as string;
    expect(template).toContain('{search_term_string}');
    const url = new URL(template.replace('{search_term_string}', 'floods'));
    expect(url.searchParams.get('q')).toBe('floods');
    expect(s.exists(fileOf(`${url.origin}${url.pathname}`))).toBe(true);
    expect(action['query-input']).toBe('required name=search_term_string');
    expect($('link[rel=canonical]').attr('href')).toBe(BASE);
    expect(meta($, 'og:type')).toBe('website');
    expect(meta($, 'og:url')).toBe(BASE);
  });

  it('every other page has a canonical link to its own absolute URL', () => {
    for (const f of s.files().filter((f) => f.endsWith('index.html'))) {
      const canonical = s.html(f)('link[rel=canonical]').attr('href');
      expect(canonical, f).toBe(BASE + f.replace(/index\.html$/, ''));
    }
  });
});
