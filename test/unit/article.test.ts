import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { PaperConfig } from '../../src/model.js';
import { cutAtWord, parseArticle } from '../../src/parse/article.js';
import { createMarkdown } from '../../src/parse/markdown.js';
import { PAPER_YAML, article } from '../helpers/site.js';

function configOf(yaml: string): PaperConfig {
  const { config, errors } = parseConfig(yaml, 'content/paper.yaml');
  if (!config) throw new Error(JSON.stringify(errors));
  return config;
}

const CONFIG = configOf(PAPER_YAML);

function parse(text: string, rel = 'news/budget-vote.md', config = CONFIG) {
  const md = createMarkdown({ basePath: config.basePath, allowHtml: false, iframeHosts: [] });
  return parseArticle({ rel, path: `content/${rel}`, text, digest: 'd' }, config, md);
}

/** [code, severity, line, column] of each problem, for compact assertions. */
function problems(text: string) {
  return parse(text).errors.map((e) => [e.code, e.severity, e.line, e.column]);
}

const KHMER_WORD = 'ព្រះរាជាណាចក្រកម្ពុជា'; // ICU splits it into ព្រះរាជាណាចក្រ + កម្ពុជា

describe('a valid article', () => {
  it('takes its slug from the file name and its URL from the permalink', () => {
    const { article: a, errors } = parse(article({ date: '2026-03-20T17:05:00' }));
    expect(errors).toEqual([]);
    expect(a).toMatchObject({ id: 'news/budget-vote.md', slug: 'budget-vote', urlPath: 'news/2026/03/budget-vote/' });
    expect(a!.date.iso).toBe('2026-03-20T17:05:00+07:00');
  });

  it('fills the permalink with the date in the paper zone', () => {
    const config = configOf(`${PAPER_YAML}permalink: /:year/:month/:day/:slug/\n`);
    const { article: a } = parse(article({ date: '2026-03-31T20:00:00Z', slug: 'late-night' }), 'news/x.md', config);
    expect(a!.urlPath).toBe('2026/04/01/late-night/');
  });

  it('accepts a single string for tags and authors', () => {
    const { article: a } = parse(article({ tags: 'budget', authors: 'Sok Chea' }));
    expect(a!.tags).toEqual(['budget']);
    expect(a!.authors).toEqual(['Sok Chea']);
  });
});

describe('excerpt', () => {
  it('is the summary when there is one', () => {
    expect(parse(article({ summary: 'The short version.' })).article!.excerpt).toBe('The short version.');
  });

  it('is the first paragraph when short', () => {
    expect(parse(article({}, 'Lead *paragraph*.\n\nMore.')).article!.excerpt).toBe('Lead paragraph.');
  });

  it('cuts a long first paragraph at a word boundary with an ellipsis', () => {
    const excerpt = parse(article({}, 'parliament '.repeat(40))).article!.excerpt;
    expect(excerpt).toMatch(/^(parliament ){19}parliament…$/);
    expect(excerpt.length).toBeLessThanOrEqual(221);
  });

  it('cutAtWord leaves short text alone and drops trailing punctuation', () => {
    expect(cutAtWord('Short.', 10, 'en')).toBe('Short.');
    expect(cutAtWord('One, two, three', 9, 'en')).toBe('One, two…');
  });

  it('cuts Khmer between words, not inside one', () => {
    const text = `${KHMER_WORD} `.repeat(3);
    expect(cutAtWord(text, 40, 'km')).toBe(`${KHMER_WORD} ព្រះរាជាណាចក្រ…`);
    const config = configOf(PAPER_YAML.replace('language: en', 'language: km'));
    const body = `${KHMER_WORD} `.repeat(20);
    const excerpt = parse(article({}, body), 'news/x.md', config).article!.excerpt;
    const kept = excerpt.slice(0, -1);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(kept.length).toBeLessThanOrEqual(220);
    expect(body.startsWith(kept)).toBe(true);
    const boundaries = [...new Intl.Segmenter('km', { granularity: 'word' }).segment(body)].map((s) => s.index);
    expect(boundaries).toContain(kept.length);
  });
});

describe('front-matter errors', () => {
  it('missing and unclosed front matter', () => {
    expect(problems('Just a body.')).toEqual([['front-matter/missing', 'error', 1, 1]]);
    expect(problems('---\ntitle: X\n\nBody without a closing line.\n')).toEqual([['front-matter/unclosed', 'error', 1, 1]]);
  });

  it('YAML syntax, at the line in the whole file', () => {
    expect(problems('---\ntitle: [Unclosed\ndate: 2026-01-01\n---\n')).toEqual([['front-matter/yaml-syntax', 'error', 3, 1]]);
  });

  it.each(['title', 'date', 'section'])('missing %s', (field) => {
    const { article: a, errors } = parse(article({ [field]: null }));
    expect(a).toBeNull();
    expect(errors.map((e) => [e.code, e.line, e.column, e.message])).toEqual([
      ['front-matter/missing-field', 1, 1, `"${field}" is required`],
    ]);
  });

  it('a field of the wrong type points at its value', () => {
    expect(problems('---\ntitle: X\ndate: 2026-01-01\nsection: news\nfeatured: "yes"\n---\n')).toEqual([
      ['front-matter/invalid-field', 'error', 5, 11],
    ]);
  });

  it.each(['2026-02-30', '"2026-13-01"', 'last Tuesday'])('invalid date %s points at the value', (date) => {
    expect(problems(`---\ntitle: X\nsection: news\ndate: ${date}\n---\n`)).toEqual([['front-matter/invalid-date', 'error', 4, 7]]);
  });

  it('an "updated" before "date" points at updated', () => {
    expect(problems('---\ntitle: X\ndate: 2026-03-02\nupdated: 2026-03-01\nsection: news\n---\n')).toEqual([
      ['front-matter/invalid-date', 'error', 4, 10],
    ]);
  });

  it('unknown section points at the value', () => {
    expect(problems('---\ntitle: X\ndate: 2026-01-01\nsection:   weather\n---\n')).toEqual([['front-matter/unknown-section', 'error', 4, 12]]);
  });

  it.each(['a/b', '../b', '..'])('invalid slug %s', (slug) => {
    expect(problems(`---\ntitle: X\ndate: 2026-01-01\nsection: news\nslug: ${slug}\n---\n`)).toEqual([['front-matter/invalid-slug', 'error', 5, 7]]);
  });

  it('an unknown field is only a warning', () => {
    const { article: a, errors } = parse('---\ntitle: X\ndate: 2026-01-01\nsubtitle: Y\nsection: news\n---\nBody');
    expect(a).not.toBeNull();
    expect(errors.map((e) => [e.code, e.severity, e.line, e.column])).toEqual([['front-matter/unknown-field', 'warning', 4, 1]]);
  });

  it('reports every problem in a file', () => {
    const text = '---\ntitle: X\ndate: nope\nsection: weather\nslug: A B\nsubtitle: y\n---\nText.\n\n![](x.jpg)\n';
    expect(problems(text)).toEqual([
      ['front-matter/unknown-field', 'warning', 6, 1],
      ['front-matter/invalid-date', 'error', 3, 7],
      ['front-matter/unknown-section', 'error', 4, 10],
      ['front-matter/invalid-slug', 'error', 5, 7],
      ['markdown/missing-alt', 'error', 10, 1],
    ]);
  });

  it('a type error does not hide the other problems', () => {
    const codes = parse('---\ntitle: X\ndate: 2026-01-01\nsection: weather\nfeatured: "yes"\n---\n').errors.map((e) => e.code);
    expect(codes).toContain('front-matter/invalid-field');
    expect(codes).toContain('front-matter/unknown-section');
  });
});
