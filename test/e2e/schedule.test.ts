// Drafts, embargoes and expiries: nothing of an unpublished story may reach any file in dist/,
// however the published stories point at it. Then the flags that publish them, and `schedule`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { segmentRun } from '../../src/text/analyze.js';
import { article, DEFAULT_TEMPLATES, listFiles, NOW, PAPER_YAML, REPO, site, type TestSite, JPEG_1x1 } from '../helpers/site.js';

const HOUR = 3_600_000;
const at = (ms: number) => `${new Date(NOW + ms).toISOString().slice(0, 19)}Z`;
/** What must never appear anywhere while each story is unpublished. */
const SECRETS = {
  draft: ['Quokka draft headline', 'secret-draft-zebra', 'Wendell Draftwriter', 'wendell-draftwriter', 'xylophone-draft-tag', 'Zanzibarine draft dek'],
  embargo: ['Narwhal embargo headline', 'embargoed-pangolin', 'Embargo Author', 'embargo-author', 'embargo-only-tag', 'embargo-photo', 'Marmalade embargo dek'],
  expired: ['Okapi expired headline', 'expired-axolotl', 'Gazpacho expired dek'],
  soon: ['Capybara short-lived headline', 'expiring-soon'],
};

function paper(): TestSite {
  return site({
    'content/paper.yaml': PAPER_YAML.replace('https://example.org/', 'https://example.org/paper/'),
    'content/media/embargo-photo.jpg': JPEG_1x1,
    'content/news/secret-draft-zebra.md': article({ title: 'Quokka draft headline', summary: 'Zanzibarine draft dek', date: at(-3 * HOUR), tags: ['floods', 'xylophone-draft-tag'], authors: ['Sokha Chan', 'Wendell Draftwriter'], draft: true }),
    'content/news/embargoed-pangolin.md': article({
      title: 'Narwhal embargo headline', summary: 'Marmalade embargo dek', date: at(24 * HOUR), tags: ['floods', 'embargo-only-tag'], authors: ['Sokha Chan', 'Embargo Author'],
      image: { src: '../media/embargo-photo.jpg', alt: 'A photo under embargo' },
    }),
    'content/news/expired-axolotl.md': article({ title: 'Okapi expired headline', summary: 'Gazpacho expired dek', date: at(-240 * HOUR), expires: at(-1 * HOUR), tags: ['floods'], authors: ['Sokha Chan'] }),
    'content/news/expiring-soon.md': article({ title: 'Capybara short-lived headline', date: at(-5 * HOUR), expires: at(2 * HOUR), tags: ['floods'], authors: ['Sokha Chan'] }),
    'content/news/pinning-story.md': article(
      { title: 'Published flood story', date: at(-2 * HOUR), tags: ['floods'], authors: ['Sokha Chan'], related: ['secret-draft-zebra', 'embargoed-pangolin', 'expired-axolotl'], translations: ['embargoed-pangolin', 'secret-draft-zebra'] },
      'Read [the draft story](slug:secret-draft-zebra), [the embargoed story](embargoed-pangolin.md) and [the expired story](./expired-axolotl.md#detail).\n\nFloods rose again.',
    ),
    'content/sport/other.md': article({ title: 'Other published story', section: 'sport', date: at(-4 * HOUR), tags: ['floods'], authors: ['Sokha Chan'] }),
  });
}

/** Every way a file's bytes can be read as text, including Pagefind's gzipped index files. */
function texts(file: string): string[] {
  const bytes = readFileSync(file);
  const out = [bytes.toString('utf8'), bytes.toString('latin1')];
  try {
    out.push(gunzipSync(bytes).toString('utf8'));
  } catch {
    // not gzip
  }
  return out;
}

/** [file, secret] for each secret found in a file's path or bytes. */
function leaks(out: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const rel of listFiles(out)) {
    const all = [rel, ...texts(path.join(out, rel))].join('\n').toLowerCase();
    for (const secret of secrets) if (all.includes(secret.toLowerCase())) found.push(`${rel}: ${secret}`);
  }
  return found;
}

const buildWith = (s: TestSite, opts: { drafts?: boolean; future?: boolean; now?: number }) =>
  build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out, now: opts.now ?? NOW, drafts: opts.drafts ?? false, future: opts.future ?? false });

describe('unpublished stories never leak', () => {
  it('no file in dist/ carries a draft, embargoed or expired story: not its title, slug, dek, tag, byline or photo', async () => {
    const s = paper();
    const res = await s.build();
    expect(res.diagnostics).toEqual([]);
    expect(res.articles).toBe(3);
    expect(leaks(s.out, [...SECRETS.draft, ...SECRETS.embargo, ...SECRETS.expired])).toEqual([]);
    // The scan can see: published stories are found the same way, in pages, feeds and the search index.
    const seen = leaks(s.out, ['Published flood story', 'pinning-story']);
    for (const f of ['index.html', 'feed.xml', 'atom.xml', 'tags/floods/index.html']) expect(seen).toContain(`${f}: Published flood story`);
    for (const f of ['sitemap.xml', 'news-sitemap.xml', 'news/2026/11/pinning-story/index.html']) expect(seen).toContain(`${f}: pinning-story`);
    expect(seen.some((l) => /^pagefind\/fragment\/.*: Published flood story$/.test(l))).toBe(true);
  });

  it('a Khmer draft leaves none of its words in the search index, whole or cut into words', async () => {
    const published = 'ក្រុមរបាំបុរាណនាំរបាំផ្កាឈូកត្រឡប់មកវិញពីខ្សែភាពយន្តចាស់';
    const draft = 'ក្រសួងកសិកម្មប្រកាសពន្ធថ្មីលើជីគីមីនិងគ្រាប់ពូជស្រូវ';
    const s = site({
      'content/paper.yaml': PAPER_YAML,
      'content/news/khmer-published.md': article({ title: published, lang: 'km', date: at(-2 * HOUR) }, `${published}។`),
      'content/news/khmer-draft.md': article({ title: draft, lang: 'km', date: at(-1 * HOUR), draft: true }, `${draft}។`),
    });
    const res = await s.build();
    expect(res.diagnostics).toEqual([]);
    // The index holds Khmer as separate words (src/search/spacing.ts), so each word is a secret too.
    const words = (text: string) => segmentRun(text, 'km').filter((w) => w.length > 1);
    const secrets = words(draft).filter((w) => !published.includes(w));
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    expect(leaks(s.out, [draft, 'khmer-draft', ...secrets])).toEqual([]);
    // The scan sees the published article's words in the decompressed index.
    const seen = leaks(s.out, words(published)).filter((l) => /^pagefind\/(index|fragment)\//.test(l));
    for (const w of words(published)) expect(seen.some((l) => l.endsWith(`: ${w}`)), w).toBe(true);
  });

  it('links to unpublished stories keep their words but lose their address', async () => {
    const s = paper();
    await s.build();
    const $ = s.html('news/2026/11/pinning-story/index.html');
    const body = $('.article__body');
    expect(body.text()).toContain('Read the draft story, the embargoed story and the expired story.');
    for (const words of ['the draft story', 'the embargoed story', 'the expired story']) {
      const el = body.find('a, span').filter((_, e) => $(e).text() === words);
      expect(el.attr('href'), words).toBeUndefined();
    }
    expect(body.find('a[href]')).toHaveLength(0);
    expect($('aside.related-stories h3 a').map((_, a) => $(a).text()).get().sort()).toEqual(['Capybara short-lived headline', 'Other published story']);
  });

  it('--drafts publishes the draft, and the links to it come back', async () => {
    const s = paper();
    await s.build({ drafts: true });
    expect(s.html('news/2026/11/secret-draft-zebra/index.html')('h1').text()).toBe('Quokka draft headline');
    expect(s.html('authors/wendell-draftwriter/index.html')('.story__headline a').text()).toBe('Quokka draft headline');
    const $ = s.html('news/2026/11/pinning-story/index.html');
    expect($('.article__body a').map((_, a) => $(a).attr('href')).get()).toEqual(['/paper/news/2026/11/secret-draft-zebra/']);
    expect(leaks(s.out, [...SECRETS.embargo, ...SECRETS.expired])).toEqual([]);
  });

  it('future: true (--future) publishes the embargoed story with its photo; the expired one stays gone', async () => {
    const s = paper();
    const res = await buildWith(s, { future: true });
    expect(res.ok).toBe(true);
    expect(s.html('news/2026/11/embargoed-pangolin/index.html')('h1').text()).toBe('Narwhal embargo headline');
    expect(s.files().filter((f) => f.startsWith('media/embargo-photo-'))).not.toEqual([]);
    expect(s.html('tags/embargo-only-tag/index.html')('.story__headline a').text()).toBe('Narwhal embargo headline');
    expect(leaks(s.out, [...SECRETS.draft, ...SECRETS.expired])).toEqual([]);
    await buildWith(s, { future: true, drafts: true });
    expect(leaks(s.out, SECRETS.expired)).toEqual([]);
  });

  it('a story built while live is removed everywhere by the first build after it expires', async () => {
    const s = paper();
    await s.build();
    expect(s.exists('news/2026/11/expiring-soon/index.html')).toBe(true);
    expect(leaks(s.out, SECRETS.soon).length).toBeGreaterThan(5);
    const res = await s.build({ now: NOW + 2 * HOUR });
    expect(res.ok).toBe(true);
    expect(res.removed).toBeGreaterThan(0);
    expect(s.exists('news/2026/11/expiring-soon/index.html')).toBe(false);
    expect(leaks(s.out, [...SECRETS.soon, ...SECRETS.draft, ...SECRETS.embargo, ...SECRETS.expired])).toEqual([]);
  });

  it('`build-paper schedule --json` lists the next expiry and the embargo lifting, soonest first', () => {
    const s = paper();
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin/build-paper.js'), 'schedule', '--json'], {
      cwd: s.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: String(NOW / 1000) },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { now: string; next: string; events: { at: string; event: string; slug: string; title: string }[] };
    expect(out.now).toBe(new Date(NOW).toISOString());
    expect(out.events.map((e) => [e.event, e.slug, e.title])).toEqual([
      ['expire', 'expiring-soon', 'Capybara short-lived headline'],
      ['publish', 'embargoed-pangolin', 'Narwhal embargo headline'],
    ]);
    expect(out.events.map((e) => e.at)).toEqual(['2026-11-29T21:00:00+07:00', '2026-11-30T19:00:00+07:00']);
    expect(out.events.map((e) => Date.parse(e.at))).toEqual([NOW + 2 * HOUR, NOW + 24 * HOUR]);
    expect(out.next).toBe(out.events[0]!.at);
  });
});
