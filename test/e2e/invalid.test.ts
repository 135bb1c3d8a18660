// The bad-input suite: each case is a paper with one problem. Every case must give a clear error
// with code, file and line, and leave the previous dist/ exactly as it was.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, PAPER_YAML, site, snapshot, withOwnTemplates } from '../helpers/site.js';

interface Case {
  readonly name: string;
  readonly files: Record<string, string | Buffer>;
  readonly code: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Break a copy of the default theme instead of the content. */
  readonly template?: [string, (text: string) => string];
}

const A = 'content/news/a.md';
const cases: Case[] = [
  { name: 'no front matter', files: { [A]: 'Just a body, no fields.\n' }, code: 'front-matter/missing', file: A, line: 1 },
  { name: 'front matter never closed', files: { [A]: '---\ntitle: x\ndate: 2026-01-01\n' }, code: 'front-matter/unclosed', file: A, line: 1 },
  { name: 'broken YAML', files: { [A]: '---\ntitle: "x\ndate: 2026-01-01\nsection: news\n---\nbody\n' }, code: 'front-matter/yaml-syntax', file: A, line: 2 },
  { name: 'missing title', files: { [A]: article({ title: null }) }, code: 'front-matter/missing-field', file: A, line: 1 },
  { name: 'missing date', files: { [A]: article({ date: null }) }, code: 'front-matter/missing-field', file: A, line: 1 },
  { name: 'missing section', files: { [A]: article({ section: null }) }, code: 'front-matter/missing-field', file: A, line: 1 },
  { name: 'unknown section', files: { [A]: article({ section: 'weather' }) }, code: 'front-matter/unknown-section', file: A, line: 4, column: 10 },
  { name: 'impossible date', files: { [A]: article({ date: '2026-02-30' }) }, code: 'front-matter/invalid-date', file: A, line: 3, column: 7 },
  {
    name: 'duplicate slug',
    files: { 'content/news/a.md': article({ slug: 'same' }), 'content/news/b.md': article({ slug: 'same' }) },
    code: 'catalog/duplicate-slug',
    file: 'content/news/b.md',
    line: 5,
  },
  { name: 'slug with ..', files: { [A]: article({ slug: '../../etc' }) }, code: 'front-matter/invalid-slug', file: A, line: 5 },
  { name: 'slug with /', files: { [A]: article({ slug: 'a/b' }) }, code: 'front-matter/invalid-slug', file: A, line: 5 },
  {
    name: 'permalink with ..',
    files: { 'content/paper.yaml': `${PAPER_YAML}permalink: /../:slug/\n`, [A]: article() },
    code: 'config/invalid',
    file: 'content/paper.yaml',
    line: 13,
  },
  { name: 'pin to an unknown slug', files: { [A]: article({ related: ['nope'] }) }, code: 'catalog/unknown-pin', file: A, line: 5 },
  { name: 'empty file', files: { [A]: '' }, code: 'file/empty', file: A, line: 1 },
  { name: 'binary file', files: { [A]: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) }, code: 'file/binary', file: A, line: 1 },
  { name: 'Latin-1 file', files: { [A]: Buffer.from(article({ title: 'Caf\u00e9' }), 'latin1') }, code: 'file/encoding', file: A, line: 2 },
  { name: 'missing image', files: { [A]: article({ image: { src: '../media/none.jpg', alt: 'x' } }) }, code: 'asset/missing', file: A, line: 5 },
  {
    name: 'template syntax error',
    files: { [A]: article() },
    code: 'template/syntax',
    file: 'templates/article.liquid',
    line: 6,
    template: ['article.liquid', (t) => t.replace('{{ article.title }}', '{{ article.title | nosuchfilter }}')],
  },
  {
    name: 'template with an unknown variable',
    files: { [A]: article() },
    code: 'template/render',
    file: 'templates/partials/stamp.liquid',
    line: 1,
    template: ['partials/stamp.liquid', (t) => t.replace('story.published.label', 'story.publishd.label')],
  },
];

describe('bad input', () => {
  it.each(cases)('$name -> $code at $file:$line', async (c) => {
    const s = site({ 'content/news/good.md': article({ title: 'Good story' }) });
    const first = await s.build();
    expect(first.ok).toBe(true);
    const before = snapshot(s.out);

    for (const [rel, text] of Object.entries(c.files)) s.write(rel, text);
    if (c.template) {
      const dir = withOwnTemplates(s);
      const file = path.join(dir, c.template[0]);
      const { readFileSync } = await import('node:fs');
      writeFileSync(file, c.template[1](readFileSync(file, 'utf8')));
    }
    const res = await s.build();
    expect(res.ok).toBe(false);
    const err = res.diagnostics.find((d) => d.code === c.code);
    expect(err, JSON.stringify(res.diagnostics, null, 1)).toBeDefined();
    expect(err!.severity).toBe('error');
    expect(err!.file).toBe(c.file);
    if (c.line !== undefined) expect(err!.line).toBe(c.line);
    if (c.column !== undefined) expect(err!.column).toBe(c.column);
    expect(err!.message.length).toBeGreaterThan(5);
    expect(err!.hint.length).toBeGreaterThan(5);
    expect(snapshot(s.out)).toEqual(before);
  });

  it('reports every error of a run, across files, not just the first', async () => {
    const s = site({
      'content/news/a.md': article({ date: '2026-02-30', section: 'weather' }),
      'content/news/b.md': article({ title: null }),
      'content/news/c.md': '',
    });
    const res = await s.build();
    const codes = res.diagnostics.map((d) => `${d.file} ${d.code}`);
    expect(codes).toEqual([
      'content/news/a.md front-matter/invalid-date',
      'content/news/a.md front-matter/unknown-section',
      'content/news/b.md front-matter/missing-field',
      'content/news/c.md file/empty',
    ]);
  });

  it('refuses an output folder that would delete the content', async () => {
    const s = site({ [A]: article() });
    const res = await s.build({ out: s.content });
    expect(res.diagnostics.map((d) => d.code)).toEqual(['output/unsafe-dir']);
  });
});

describe('escaping', () => {
  it('prints HTML in titles, summaries, tags and bylines as text, never as markup', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const s = site({
      'content/news/a.md': article({ title: `T ${evil}`, summary: `S ${evil}`, tags: [`tag ${evil}`], authors: [`A ${evil}`], dateline: `D ${evil}` }),
      'content/news/b.md': article({ title: 'Other', date: '2026-03-19T10:00:00' }),
    });
    expect((await s.build()).ok).toBe(true);
    for (const page of ['news/2026/03/a/index.html', 'news/2026/03/b/index.html', 'index.html', 'news/index.html']) {
      const $ = s.html(page);
      // The only scripts are JSON-LD data, which must stay data: valid JSON that keeps the raw text.
      expect($('script:not([type="application/ld+json"])'), page).toHaveLength(0);
      $('script[type="application/ld+json"]').each((_, el) => {
        const json = $(el).html() ?? '';
        expect(json).not.toMatch(/<\/?script/i);
        expect(() => JSON.parse(json)).not.toThrow();
      });
      expect($('img[onerror]'), page).toHaveLength(0);
    }
    const $ = s.html('news/2026/03/a/index.html');
    expect($('h1').text()).toBe(`T ${evil}`);
    expect($('.article__dek').text()).toBe(`S ${evil}`);
    expect($('.tag-list li').text()).toBe(`tag ${evil}`);
    expect($('.article__byline').text()).toBe(`By A ${evil}`);
    expect($('title').text()).toContain(`T ${evil}`);
    const data = JSON.parse($('script[type="application/ld+json"]').html()!) as { headline: string };
    expect(data.headline).toBe(`T ${evil}`);
  });
});
