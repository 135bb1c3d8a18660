// Responsive images (issue 7): local JPEG/PNG files become AVIF, WebP and fallback variants and
// sharing crops, served through <picture>; errors point at the article line; the cache means an
// unchanged image is encoded once; output is byte-identical across builds.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CheerioAPI } from 'cheerio';
import { HtmlValidate } from 'html-validate';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { article, DEFAULT_TEMPLATES, fileForUrl, NOW, REPO, site, snapshot, type TestSite } from '../helpers/site.js';

/** A real picture (a gradient with a disc), so the encoders and the attention crop have work to do. */
function picture(width: number, height: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="#1a5fb4"/><stop offset="1" stop-color="#e5a50a"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.7}" cy="${height * 0.4}" r="${height / 4}" fill="#c01c28"/></svg>`;
  const img = sharp(Buffer.from(svg));
  return (format === 'jpeg' ? img.jpeg({ quality: 90 }) : img.png()).toBuffer();
}

const PAGE = 'news/2026/03/flood/index.html';
const LEAD = { src: '../media/river.jpg', alt: 'Boats on a wide river at dusk', caption: 'The river.' };

async function paper(): Promise<TestSite> {
  return site({
    'content/media/river.jpg': await picture(2000, 1200, 'jpeg'),
    'content/media/chart.png': await picture(300, 200, 'png'),
    'content/news/flood.md': article(
      { title: 'Flood shelters open', date: '2026-03-20T09:00:00', tags: ['floods'], image: LEAD },
      'Families moved to higher ground.\n\n![A bar chart of rainfall by month](../media/chart.png)\n\n![A remote photo](https://example.com/x.jpg)',
    ),
    'content/news/rain.md': article({ title: 'Rain returns to the floods', date: '2026-03-19T09:00:00', tags: ['floods'], image: { src: '../media/river.jpg', alt: 'The river again' } }, 'More floods and rain.'),
    'content/news/plain.md': article({ title: 'Council meets on floods', date: '2026-03-18T09:00:00', tags: ['floods'] }, 'No picture here, floods.'),
  });
}

const meta = ($: CheerioAPI, property: string) => $(`meta[property="${property}"], meta[name="${property}"]`).attr('content');
const srcsetUrls = (srcset: string | undefined) => (srcset ?? '').split(', ').map((c) => c.split(' ')[0]!);

describe('responsive images', () => {
  let s: TestSite;
  let result: BuildResult;
  beforeAll(async () => {
    s = await paper();
    result = await s.build();
  });
  const file = (url: string) => path.join(s.out, fileForUrl(url, '/'));

  it('builds, encoding each image once however many articles use it', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.images).toEqual({ processed: 2, cached: 0 });
  });

  it('makes 480/960/1600 px variants as AVIF, WebP and JPEG, as sharp reads them back', async () => {
    const $ = s.html(PAGE);
    const fig = $('.article__figure picture');
    const seen: string[] = [];
    for (const [selector, format] of [['source[type="image/avif"]', 'heif'], ['source[type="image/webp"]', 'webp'], ['img', 'jpeg']] as const) {
      const srcset = fig.find(selector).attr('srcset')!;
      expect(srcset.split(', ').map((c) => c.split(' ')[1])).toEqual(['480w', '960w', '1600w']);
      for (const url of srcsetUrls(srcset)) {
        expect(url).toMatch(/^\/media\/river-[0-9a-f]{10}-\d+\.(avif|webp|jpg)$/);
        const m = await sharp(file(url)).metadata();
        expect(m.format).toBe(format);
        expect([m.width, m.height]).toEqual([Number(url.match(/-(\d+)\.\w+$/)![1]), Math.round((Number(url.match(/-(\d+)\.\w+$/)![1]) * 1200) / 2000)]);
        seen.push(`${format} ${m.width}`);
      }
    }
    expect(seen).toHaveLength(9);
    // Pages show the variants, so the camera original is not published.
    expect(s.exists('media/river.jpg')).toBe(false);
  });

  it('never upscales: a 300 px PNG gets one 300 px width, with a PNG fallback', async () => {
    const body = s.html(PAGE)('.article__body picture');
    expect(srcsetUrls(body.find('img').attr('srcset'))).toEqual([expect.stringMatching(/^\/media\/chart-[0-9a-f]{10}-300\.png$/)]);
    expect(srcsetUrls(body.find('source[type="image/avif"]').attr('srcset'))).toEqual([expect.stringMatching(/-300\.avif$/)]);
    const m = await sharp(file(body.find('img').attr('src')!)).metadata();
    expect([m.format, m.width, m.height]).toEqual(['png', 300, 200]);
    expect(s.files().filter((f) => f.startsWith('media/chart-') && /-(480|960|1600)\./.test(f))).toEqual([]);
  });

  it('lead image: <picture> with sizes, width/height, high priority and not lazy', () => {
    const $ = s.html(PAGE);
    const fig = $('.article__figure');
    const sizes = '(min-width: 42rem) 40rem, calc(100vw - 2rem)';
    expect(fig.find('source').map((_, el) => `${$(el).attr('type')} ${$(el).attr('sizes')}`).get()).toEqual([`image/avif ${sizes}`, `image/webp ${sizes}`]);
    const img = fig.find('picture > img');
    expect(img.attr('src')).toMatch(/-1600\.jpg$/);
    expect(img.attr('sizes')).toBe(sizes);
    expect([img.attr('width'), img.attr('height')]).toEqual(['1600', '960']);
    expect(img.attr('alt')).toBe(LEAD.alt);
    expect(img.attr('fetchpriority')).toBe('high');
    expect(img.attr('loading')).toBeUndefined();
    expect(fig.find('figcaption').text()).toContain('The river.');
  });

  it('body images: the same <picture>, lazy, sized, alt kept; external images stay a plain <img>', () => {
    const $ = s.html(PAGE);
    const img = $('.article__body picture img');
    expect(img).toHaveLength(1);
    expect(img.attr('alt')).toBe('A bar chart of rainfall by month');
    expect([img.attr('width'), img.attr('height'), img.attr('loading'), img.attr('decoding')]).toEqual(['300', '200', 'lazy', 'async']);
    expect($('.article__body picture source').map((_, el) => $(el).attr('type')).get()).toEqual(['image/avif', 'image/webp']);
    const remote = $('.article__body img[src="https://example.com/x.jpg"]');
    expect(remote.parent().is('picture')).toBe(false);
    expect(remote.attr('loading')).toBe('lazy');
    expect($.html()).not.toContain('bp-image');
  });

  it('sharing: 1200 px crops in 16:9, 4:3 and 1:1; JSON-LD lists all three, og:image is the 16:9 one', async () => {
    const $ = s.html(PAGE);
    const ld = JSON.parse($('script[type="application/ld+json"]').first().text()) as { image: string[] };
    expect(ld.image).toHaveLength(3);
    const sizes = [];
    for (const url of ld.image) {
      expect(url).toMatch(/^https:\/\/example\.org\/media\/river-[0-9a-f]{10}-\d+x\d+\.jpg$/);
      const m = await sharp(file(new URL(url).pathname)).metadata();
      sizes.push(`${m.width}x${m.height}`);
    }
    expect(sizes).toEqual(['1200x675', '1200x900', '1200x1200']);
    expect(meta($, 'og:image')).toBe(ld.image[0]);
    expect([meta($, 'og:image:width'), meta($, 'og:image:height')]).toEqual(['1200', '675']);
    expect(meta($, 'twitter:image')).toBe(ld.image[0]);
  });

  it('related stories and story lists show the 480 px variant as a decorative thumbnail', () => {
    const $ = s.html(PAGE);
    const related = $('aside.related-stories article');
    const withThumb = related.filter((_, el) => $(el).find('.related-story__thumb').length > 0);
    expect(withThumb.find('h3').text()).toBe('Rain returns to the floods');
    const img = withThumb.find('img');
    expect(img.attr('src')).toMatch(/-480\.jpg$/);
    expect([img.attr('alt'), img.attr('width'), img.attr('height'), img.attr('loading')]).toEqual(['', '480', '288', 'lazy']);
    expect(withThumb.find('source[type="image/avif"]').attr('srcset')).toMatch(/-480\.avif$/);
    // The story without an image has no thumbnail.
    expect(related.filter((_, el) => $(el).text().includes('Council meets')).find('img')).toHaveLength(0);
    const section = s.html('news/index.html');
    expect(section('.story__thumb img').map((_, el) => section(el).attr('src')).get()).toEqual([expect.stringMatching(/-480\.jpg$/), expect.stringMatching(/-480\.jpg$/)]);
    // The front page's lead is the big picture, loaded at once: it is the page's largest paint.
    const front = s.html('index.html');
    const lead = front('.story--lead picture img');
    expect([lead.attr('fetchpriority'), lead.attr('loading')]).toEqual(['high', undefined]);
  });

  it('every variant the pages name exists', () => {
    for (const page of [PAGE, 'index.html', 'news/index.html']) {
      const $ = s.html(page);
      const urls = $('picture source, picture img').map((_, el) => srcsetUrls($(el).attr('srcset') ?? $(el).attr('src'))).get().filter((u) => u.startsWith('/'));
      expect(urls.length).toBeGreaterThan(3);
      for (const u of urls) expect(existsSync(file(u)), u).toBe(true);
    }
  });

  it('passes html-validate on a page with images', async () => {
    const validator = new HtmlValidate(JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')));
    for (const page of [PAGE, 'index.html', 'news/index.html']) {
      const report = await validator.validateString(s.read(page), page);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${page}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
    }
  });
});

describe('image settings', () => {
  it('images.widths in paper.yaml chooses the widths', async () => {
    const s = site({
      'content/paper.yaml': `${readFileSync(path.join(REPO, 'test/helpers/site.ts'), 'utf8').match(/PAPER_YAML = `([\s\S]*?)`/)![1]}images:\n  widths: [320, 640]\n`,
      'content/media/river.jpg': await picture(1000, 600, 'jpeg'),
      'content/news/flood.md': article({ title: 'Flood', date: '2026-03-20T09:00:00', image: LEAD }),
    });
    expect((await s.build()).diagnostics).toEqual([]);
    const srcset = s.html('news/2026/03/flood/index.html')('.article__figure img').attr('srcset')!;
    expect(srcset.split(', ').map((c) => c.split(' ')[1])).toEqual(['320w', '640w']);
  });
});

describe('image errors', () => {
  it('a missing file, a missing front-matter alt and an empty body alt are errors with file:line:col, and nothing is written', async () => {
    const s = site({
      'content/media/river.jpg': await picture(100, 60, 'jpeg'),
      'content/news/gone.md': article({ title: 'Gone', image: { src: '../media/nowhere.jpg', alt: 'Nothing' } }),
      'content/news/no-alt.md': article({ title: 'No alt', image: { src: '../media/river.jpg' } }),
      'content/news/blank-alt.md': article({ title: 'Blank alt', image: { src: '../media/river.jpg', alt: ' ' } }),
      'content/news/body.md': article({ title: 'Body' }, 'Text.\n\n![](../media/river.jpg)'),
      'content/news/body-missing.md': article({ title: 'Body missing' }, 'Text.\n\n![A map](../media/map.jpg)'),
    });
    const r = await s.build();
    expect(r.ok).toBe(false);
    const shown = r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
    expect(shown).toEqual([
      'content/news/blank-alt.md:5:42 front-matter/missing-alt',
      'content/news/body-missing.md:8:1 asset/missing',
      'content/news/body.md:8:1 markdown/missing-alt',
      'content/news/gone.md:5:15 asset/missing',
      'content/news/no-alt.md:5:1 front-matter/missing-alt',
    ]);
    for (const d of r.diagnostics) expect(d.hint.length).toBeGreaterThan(10);
    expect(r.diagnostics.find((d) => d.code === 'front-matter/missing-alt')!.hint).toContain('alt');
    expect(s.files()).toEqual([]);
    // Articles with errors are left out, so nothing uses river.jpg and nothing is encoded.
    expect(r.images).toEqual({ processed: 0, cached: 0 });
  });

  it('a .jpg that is not an image, or that the decoder rejects, is an error at the line that uses it', async () => {
    const png = await picture(100, 60, 'png');
    const s = site({
      'content/media/junk.jpg': Buffer.from('not an image at all'),
      // A PNG header (so its size can be read) followed by garbage: only the decoder finds out.
      'content/media/broken.png': Buffer.concat([png.subarray(0, 33), Buffer.alloc(200, 7)]),
      'content/news/a.md': article({ title: 'A' }, 'Text.\n\n![Junk](../media/junk.jpg)\n\n![Broken](../media/broken.png)'),
    });
    const r = await s.build();
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'content/news/a.md:8:1 asset/unreadable-image',
      'content/news/a.md:10:1 asset/unreadable-image',
    ]);
    expect(s.files()).toEqual([]);
  });
});

describe('image cache and determinism', () => {
  it('a second build with the cache encodes nothing and writes the same bytes', async () => {
    const s = await paper();
    const cacheDir = path.join(s.dir, '.cache/build-paper');
    const cold = await s.build({ cacheDir });
    expect(cold.images).toEqual({ processed: 2, cached: 0 });
    const first = snapshot(s.out);
    // Without the last build's inputs the next one cannot stop early: it plans every image again.
    rmSync(path.join(cacheDir, 'unchanged.bin'));
    const warm = await s.build({ cacheDir });
    expect(warm.images).toEqual({ processed: 0, cached: 2 });
    expect(warm.written).toBe(0);
    expect(snapshot(s.out)).toEqual(first);
    // A changed image is encoded again under new names; the other one still comes from the cache.
    s.write('content/media/chart.png', await picture(320, 200, 'png'));
    const edited = await s.build({ cacheDir });
    expect(edited.images).toEqual({ processed: 1, cached: 1 });
    expect(s.files().filter((f) => f.startsWith('media/chart-'))).not.toEqual(Object.keys(first).filter((f) => f.startsWith('media/chart-')));
  });

  it('a watch session keeps encoded images in memory between builds', async () => {
    const s = await paper();
    const imageCache = new Map<string, Uint8Array>();
    const run = () => build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out, now: NOW, imageCache });
    expect((await run()).images).toEqual({ processed: 2, cached: 0 });
    expect((await run()).images).toEqual({ processed: 0, cached: 2 });
  });

  it('cold builds are byte-identical (sharp output is deterministic)', async () => {
    const s = await paper();
    await s.build({ cacheDir: null });
    const other = path.join(s.dir, 'dist-2');
    await s.build({ cacheDir: null, out: other });
    expect(snapshot(other)).toEqual(snapshot(s.out));
  });
});
