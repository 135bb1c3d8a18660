import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/index.js';
import { parseConfig } from '../../src/config.js';
import type { Article } from '../../src/model.js';
import { parseArticle } from '../../src/parse/article.js';
import { createMarkdown } from '../../src/parse/markdown.js';
import { PAPER_YAML, article } from '../helpers/site.js';

const CONFIG = parseConfig(PAPER_YAML, 'content/paper.yaml').config!;
const MD = createMarkdown({ basePath: CONFIG.basePath, allowHtml: false, iframeHosts: [] });

/** Parses `files` (content-relative path -> text) into articles, failing on any parse error. */
function articles(files: Record<string, string>): Article[] {
  return Object.entries(files).map(([rel, text]) => {
    const { article: a, errors } = parseArticle({ rel, path: `content/${rel}`, text, digest: rel }, CONFIG, MD);
    if (!a) throw new Error(JSON.stringify(errors));
    return a;
  });
}

describe('buildCatalog order', () => {
  it('lists newest first and breaks equal times by slug', () => {
    const list = articles({
      'news/old.md': article({ date: '2026-01-01T08:00:00' }),
      'sport/zebra.md': article({ date: '2026-03-01T08:00:00', section: 'sport' }),
      'news/newest.md': article({ date: '2026-04-01T08:00:00' }),
      'news/apple.md': article({ date: '2026-03-01T08:00:00' }),
    });
    const { catalog, errors } = buildCatalog(list, CONFIG, { drafts: false });
    expect(errors).toEqual([]);
    expect(catalog.chronology).toEqual(['news/newest.md', 'news/apple.md', 'sport/zebra.md', 'news/old.md']);
    expect(catalog.sections).toEqual({
      news: ['news/newest.md', 'news/apple.md', 'news/old.md'],
      sport: ['sport/zebra.md'],
      opinion: [],
    });
  });

  it('does not depend on the order articles arrive in', () => {
    const list = articles({
      'news/b.md': article({ date: '2026-03-01T08:00:00' }),
      'news/a.md': article({ date: '2026-03-01T08:00:00' }),
      'news/c.md': article({ date: '2026-03-02T08:00:00' }),
    });
    const forward = buildCatalog(list, CONFIG, { drafts: false }).catalog;
    const backward = buildCatalog([...list].reverse(), CONFIG, { drafts: false }).catalog;
    expect(backward).toEqual(forward);
    expect(forward.chronology).toEqual(['news/c.md', 'news/a.md', 'news/b.md']);
  });
});

describe('buildCatalog drafts', () => {
  const list = articles({
    'news/public.md': article({ date: '2026-03-01T08:00:00' }),
    'news/secret.md': article({ date: '2026-03-02T08:00:00', draft: true }),
  });

  it('leaves drafts out of every listing by default', () => {
    const { catalog } = buildCatalog(list, CONFIG, { drafts: false });
    expect(catalog.chronology).toEqual(['news/public.md']);
    expect(Object.keys(catalog.byId)).toEqual(['news/public.md']);
    expect(catalog.sections.news).toEqual(['news/public.md']);
    expect(catalog.bySlug).toEqual({ public: 'news/public.md' });
  });

  it('includes them with drafts: true', () => {
    const { catalog } = buildCatalog(list, CONFIG, { drafts: true });
    expect(catalog.chronology).toEqual(['news/secret.md', 'news/public.md']);
    expect(catalog.bySlug.secret).toBe('news/secret.md');
  });
});

describe('buildCatalog errors', () => {
  it('reports a duplicate slug on the second file, naming the first', () => {
    const list = articles({
      'sport/copy.md': `---\ntitle: B\ndate: 2026-03-01\nsection: sport\nslug: vote\n---\nBody\n`,
      'news/vote.md': article(),
    });
    const { catalog, errors } = buildCatalog(list, CONFIG, { drafts: false });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'catalog/duplicate-slug', file: 'content/sport/copy.md', line: 5, column: 7 });
    expect(errors[0]!.message).toContain('news/vote.md');
    expect(catalog.bySlug.vote).toBe('news/vote.md');
  });

  it('points an unknown pin at its line in the front matter', () => {
    const pinned = '---\ntitle: A\ndate: 2026-03-01\nsection: news\nrelated:\n  - other\n  - no-such-story\n---\nBody\n';
    const list = articles({ 'news/a.md': pinned, 'news/other.md': article() });
    const { errors } = buildCatalog(list, CONFIG, { drafts: false });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'catalog/unknown-pin', file: 'content/news/a.md', line: 7, column: 5 });
    expect(errors[0]!.message).toContain('no-such-story');
  });
});
