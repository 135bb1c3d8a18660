// Newsroom features: corrections, updates, languages and translations, links between articles,
// and `build-paper new`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheerioAPI } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { article, NOW, PAPER_YAML, REPO, site } from '../helpers/site.js';

const YAML = PAPER_YAML.replace('https://example.org/', 'https://example.org/paper/');
const CORRECTED = article(
  { title: 'Budget passes', date: '2018-03-20T09:00:00', corrections: [{ date: '2018-03-21T08:00:00', text: 'The vote was 80 to 20, not 70 to 30.' }, { date: '2018-03-20T12:00:00Z', text: 'A minister was misnamed.' }] },
  'The assembly voted.',
);

/** Where the corrections notice sits among the article's parts. */
function order($: CheerioAPI): string[] {
  return $('article.article')
    .find('.article__header, aside.corrections, .article__body')
    .map((_, el) => (el.tagName === 'aside' ? 'corrections' : $(el).attr('class')!.replace('article__', '')))
    .get();
}

describe('corrections and updates', () => {
  it('corrections are a notice at the top by default, oldest first, in the paper time zone', async () => {
    const s = site({ 'content/paper.yaml': YAML, 'content/news/budget.md': CORRECTED });
    expect((await s.build()).diagnostics).toEqual([]);
    const $ = s.html('news/2018/03/budget/index.html');
    expect(order($)).toEqual(['header', 'corrections', 'body']);
    const aside = $('aside.corrections');
    expect(aside.find('h2').text()).toBe('Corrections');
    expect(aside.find('li').map((_, li) => $(li).text()).get()).toEqual([
      '7:00pm, Tuesday, March 20, 2018: A minister was misnamed.',
      '8:00am, Wednesday, March 21, 2018: The vote was 80 to 20, not 70 to 30.',
    ]);
    expect(aside.find('time').map((_, t) => $(t).attr('datetime')).get()).toEqual(['2018-03-20T19:00:00+07:00', '2018-03-21T08:00:00+07:00']);
  });

  it('corrections: { placement: bottom } puts the notice after the body', async () => {
    const s = site({ 'content/paper.yaml': `${YAML}corrections:\n  placement: bottom\n`, 'content/news/budget.md': CORRECTED });
    expect((await s.build()).diagnostics).toEqual([]);
    const $ = s.html('news/2018/03/budget/index.html');
    expect(order($)).toEqual(['header', 'body', 'corrections']);
    expect($('aside.corrections li')).toHaveLength(2);
  });

  it('"updated" is shown as "Updated ..." in the paper time zone, on the page and in lists', async () => {
    const s = site({ 'content/paper.yaml': YAML, 'content/news/flood.md': article({ title: 'Flood', date: '2018-03-20T09:00:00', updated: '2018-03-20T10:05:00Z' }) });
    await s.build();
    const $ = s.html('news/2018/03/flood/index.html');
    expect($('.article__stamps').text()).toBe('Published 9:00am, Tuesday, March 20, 2018Updated 5:05pm, Tuesday, March 20, 2018');
    expect($('.article__stamps time').last().attr('datetime')).toBe('2018-03-20T17:05:00+07:00');
    const front = s.html('index.html');
    expect(front('.front__lead .stamp').text()).toBe('Updated 5:05pm, Tuesday, March 20, 2018');
  });
});

describe('languages and translations', () => {
  const files = {
    'content/paper.yaml': YAML,
    'content/news/flood-en.md': article({ title: 'Flood shelters open', date: '2026-09-14T08:30:00', translations: ['flood-km'] }),
    'content/news/flood-km.md': article({ title: 'ជម្រកទឹកជំនន់បើក', date: '2026-09-14T09:00:00', lang: 'km', translations: ['flood-en'] }, 'ក្រសួងបើកជម្រក។'),
    'content/news/one-way-en.md': article({ title: 'Rice prices', date: '2026-09-15T08:00:00', translations: ['one-way-km'] }),
    'content/news/one-way-km.md': article({ title: 'តម្លៃស្រូវ', date: '2026-09-15T09:00:00', lang: 'km' }, 'តម្លៃស្រូវឡើង។'),
  };
  const alternates = ($: CheerioAPI) => $('link[rel=alternate][hreflang]').map((_, l) => `${$(l).attr('hreflang')} ${$(l).attr('href')}`).get().sort();
  const URL_EN = 'https://example.org/paper/news/2026/09/flood-en/';
  const URL_KM = 'https://example.org/paper/news/2026/09/flood-km/';

  it('lang: km sets <html lang="km"> on that article only', async () => {
    const s = site(files);
    expect((await s.build()).diagnostics).toEqual([]);
    expect(s.html('news/2026/09/flood-km/index.html')('html').attr('lang')).toBe('km');
    expect(s.html('news/2026/09/flood-en/index.html')('html').attr('lang')).toBe('en');
    expect(s.html('index.html')('html').attr('lang')).toBe('en');
  });

  it('translations give <link rel="alternate" hreflang> both ways, each page naming itself too', async () => {
    const s = site(files);
    await s.build();
    const both = [`en ${URL_EN}`, `km ${URL_KM}`];
    expect(alternates(s.html('news/2026/09/flood-en/index.html'))).toEqual(both);
    expect(alternates(s.html('news/2026/09/flood-km/index.html'))).toEqual(both);
    expect(alternates(s.html('index.html'))).toEqual([]);
  });

  it('a translation named on one side only is still linked back (hreflang needs return links)', async () => {
    const s = site(files);
    await s.build();
    const both = ['en https://example.org/paper/news/2026/09/one-way-en/', 'km https://example.org/paper/news/2026/09/one-way-km/'];
    expect(alternates(s.html('news/2026/09/one-way-en/index.html'))).toEqual(both);
    expect(alternates(s.html('news/2026/09/one-way-km/index.html'))).toEqual(both);
  });
});

describe('links between articles', () => {
  const target = article({ title: 'Flood plan', date: '2018-03-20T09:00:00' }, 'Intro.\n\n## Where the money goes\n\nRoads.');

  it('links by relative .md path and by slug: resolve to permalinks under the base path, fragments kept', async () => {
    const s = site({
      'content/paper.yaml': YAML,
      'content/news/flood-plan.md': target,
      'content/sport/derby.md': article(
        { title: 'Derby', section: 'sport', date: '2018-03-21T09:00:00' },
        'See [the plan](../news/flood-plan.md), [by slug](slug:flood-plan), [the money](../news/flood-plan.md#where-the-money-goes) and [by slug too](slug:flood-plan#where-the-money-goes).\n\nAlso [rooted](/news/flood-plan.md).',
      ),
    });
    expect((await s.build()).diagnostics).toEqual([]);
    const $ = s.html('sport/2018/03/derby/index.html');
    const plan = '/paper/news/2018/03/flood-plan/';
    expect($('.article__body a').map((_, a) => `${$(a).text()} -> ${$(a).attr('href')}`).get()).toEqual([
      `the plan -> ${plan}`,
      `by slug -> ${plan}`,
      `the money -> ${plan}#where-the-money-goes`,
      `by slug too -> ${plan}#where-the-money-goes`,
      `rooted -> ${plan}`,
    ]);
    expect(s.html('news/2018/03/flood-plan/index.html')('#where-the-money-goes').text()).toBe('Where the money goes');
  });

  it('a link to a missing article is a catalog/broken-link error naming the file, line and column', async () => {
    // Front matter is lines 1-5, so the body starts on line 6.
    const s = site({
      'content/paper.yaml': YAML,
      'content/news/flood-plan.md': target,
      'content/news/bad.md': article({ title: 'Bad', date: '2018-03-22T09:00:00' }, 'Intro [fine](flood-plan.md).\n\nSee [the gone one](gone.md).\n\nAnd  [old](slug:no-such-story#part).'),
    });
    const res = await s.build();
    expect(res.ok).toBe(false);
    const broken = res.diagnostics.filter((d) => d.code === 'catalog/broken-link');
    expect(broken.map((d) => [d.severity, d.file, d.line, d.column])).toEqual([
      ['error', 'content/news/bad.md', 8, 5],
      ['error', 'content/news/bad.md', 10, 6],
    ]);
    expect(broken[0]!.message).toContain('gone.md');
    expect(broken[1]!.message).toContain('no-such-story');
    expect(existsSync(s.out)).toBe(false);
  });
});

describe('build-paper new', () => {
  const run = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [path.join(REPO, 'bin/build-paper.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: String(NOW / 1000) } });

  it('writes a draft with valid front matter and prints its path; it builds, and publishes with --drafts', async () => {
    const s = site({ 'content/paper.yaml': YAML, 'content/news/other.md': article() });
    const r = run(['new', 'Floods: "3,000 flee" as the lake rises', '--section', 'news'], s.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rel = r.stdout.trim();
    expect(rel).toMatch(/^content\/news\/[a-z0-9-]+\.md$/);
    expect(readFileSync(path.join(s.dir, rel), 'utf8')).toMatch(/^---\n[\s\S]*\n---\n/);
    const slug = path.basename(rel, '.md');
    const page = `news/2026/11/${slug}/index.html`;
    const res = await s.build();
    expect(res.diagnostics).toEqual([]);
    expect(s.exists(page)).toBe(false);
    expect((await s.build({ drafts: true })).diagnostics).toEqual([]);
    expect(s.html(page)('h1').text()).toBe('Floods: "3,000 flee" as the lake rises');
    expect(s.html(page)('.article__stamps time').attr('datetime')).toBe('2026-11-29T19:00:00+07:00');
    const again = run(['new', 'Floods: "3,000 flee" as the lake rises', '--section', 'news'], s.dir);
    expect(again.status).toBe(0);
    expect(again.stdout.trim()).toBe(`content/news/${slug}-2.md`);
  });

  it('an unknown section exits 1 and writes nothing', () => {
    const s = site({ 'content/paper.yaml': YAML });
    const r = run(['new', 'Headline', '--section', 'weather'], s.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('weather');
    expect(r.stdout).toBe('');
    expect(existsSync(path.join(s.content, 'weather'))).toBe(false);
  });
});
