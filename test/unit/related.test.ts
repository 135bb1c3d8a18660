import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/index.js';
import { parseConfig } from '../../src/config.js';
import { parseArticle } from '../../src/parse/article.js';
import { createMarkdown } from '../../src/parse/markdown.js';
import { relateV1, relatedDocs, type RelatedDoc } from '../../src/related/index.js';
import { PAPER_YAML, article } from '../helpers/site.js';

/** A document dated `day` January 2026; its id and slug are both `slug`. */
function doc(slug: string, day: number, fields: Partial<RelatedDoc> = {}): RelatedDoc {
  return { id: slug, slug, section: 'news', tags: [], authors: [], epochMs: Date.UTC(2026, 0, day), pins: [], ...fields };
}

function relate(docs: RelatedDoc[], count = 4) {
  return relateV1(docs, { count });
}

describe('relateV1', () => {
  it('puts pins first, in their order, without repeating them', () => {
    const docs = [
      doc('a', 10, { tags: ['x'], pins: ['c', 'b'] }),
      doc('b', 9, { tags: ['x'] }),
      doc('c', 1),
      doc('d', 11, { tags: ['x'] }),
    ];
    expect(relate(docs).a).toEqual(['c', 'b', 'd']);
  });

  it('never lists an article in its own block, even when pinned', () => {
    const docs = [doc('a', 10, { tags: ['x'], pins: ['a'] }), doc('b', 9, { tags: ['x'] })];
    const out = relate(docs);
    expect(out.a).toEqual(['b']);
    expect(out.b).toEqual(['a']);
  });

  it('respects the count', () => {
    const docs = ['a', 'b', 'c', 'd', 'e', 'f'].map((s, i) => doc(s, i + 1, { tags: ['x'] }));
    const out = relate(docs, 3);
    for (const d of docs) {
      expect(out[d.id]).toHaveLength(3);
      expect(new Set(out[d.id])).toHaveLength(3);
    }
    expect(relate(docs, 0).a).toEqual([]);
  });

  it('fills the block with the newest stories when nothing matches', () => {
    const docs = [doc('old', 1), doc('lonely', 2, { section: 'opinion', tags: ['rare'] }), doc('new', 20), doc('mid', 10)];
    expect(relate(docs, 2).lonely).toEqual(['new', 'mid']);
  });

  it('ranks shared tags above a shared section only', () => {
    const docs = [
      doc('a', 20, { tags: ['budget'] }),
      doc('same-section', 20), // same day: the best possible closeness
      doc('same-tag', 1, { section: 'sport', tags: ['budget'] }),
    ];
    expect(relate(docs).a).toEqual(['same-tag', 'same-section']);
  });

  it('breaks equal scores by date (newer first), then by slug', () => {
    const docs = [
      doc('a', 10, { tags: ['x'] }),
      doc('earlier', 5, { tags: ['x'] }),
      doc('later', 15, { tags: ['x'] }),
      doc('zeta', 15, { tags: ['x'], section: 'sport' }),
    ];
    // later and earlier are five days away on either side; zeta is as far as later but lacks the section.
    expect(relate(docs).a).toEqual(['later', 'earlier', 'zeta']);
    const twins = [doc('a', 10, { tags: ['x'] }), doc('beta', 12, { tags: ['x'] }), doc('alpha', 12, { tags: ['x'] })];
    expect(relate(twins).a).toEqual(['alpha', 'beta']);
  });

  it('gives the same answer whatever the input order', () => {
    const docs = [doc('a', 3, { tags: ['x'] }), doc('b', 3, { tags: ['x'] }), doc('c', 3), doc('d', 4, { tags: ['y'] })];
    expect(relate([...docs].reverse())).toEqual(relate(docs));
  });
});

describe('relatedDocs', () => {
  const config = parseConfig(PAPER_YAML, 'content/paper.yaml').config!;
  const md = createMarkdown({ basePath: '/', allowHtml: false, iframeHosts: [] });
  const files: Record<string, string> = {
    'news/a.md': article({ tags: ['budget'], related: ['secret', 'a', 'b'], date: '2026-03-01T08:00:00' }),
    'news/b.md': article({ tags: ['Budget'], date: '2026-03-02T08:00:00' }),
    'news/secret.md': article({ tags: ['budget'], draft: true, date: '2026-03-03T08:00:00' }),
  };
  const articles = Object.entries(files).map(([rel, text]) => parseArticle({ rel, path: rel, text, digest: rel }, config, md).article!);
  const { catalog } = buildCatalog(articles, config, { drafts: false });

  it('sees published articles only and resolves pins to published ids, not itself', () => {
    const docs = relatedDocs(catalog);
    expect(docs.map((d) => d.id)).toEqual(['news/b.md', 'news/a.md']);
    expect(docs.find((d) => d.id === 'news/a.md')!.pins).toEqual(['news/b.md']);
    expect(docs.find((d) => d.id === 'news/b.md')!.tags).toEqual(['budget']);
  });

  it('never puts a draft in a block', () => {
    const out = relateV1(relatedDocs(catalog), { count: 4 });
    expect(out).toEqual({ 'news/a.md': ['news/b.md'], 'news/b.md': ['news/a.md'] });
  });
});
