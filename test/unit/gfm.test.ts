// Paying for GFM only where it is used must never change a page: the split processors give the
// same HTML as full remark-gfm on every body we have and on each feature's edge cases.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePaper } from '../../bench/paper.js';
import { gfmFeaturesUsed } from '../../src/parse/gfm.js';
import { createMarkdown } from '../../src/parse/markdown.js';
import { REPO } from '../helpers/site.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const auto = createMarkdown({ basePath: '/', allowHtml: false, iframeHosts: [] });
const full = createMarkdown({ basePath: '/', allowHtml: false, iframeHosts: [], gfm: 'full' });
const same = (md: string) => {
  const input = { markdown: md, rel: 'news/a.md', lineOffset: 0 };
  expect(auto(input).html, md).toBe(full(input).html);
};

const CASES = [
  'Visit www.example.com today.',
  'Mail desk@example.org or see https://example.org/x.',
  'A [link](https://example.org/y) and no bare address.',
  'Escaped \\](www.example.com) is still text with a www address.',
  '| a | b |\n|---|--:|\n| 1 | 2 |',
  'a | b\n--|--\n1 | 2',
  'Gone ~~old~~ and ~new~ text.',
  'A claim.[^1]\n\n[^1]: The source.',
  '- [ ] todo\n- [x] done',
  '> 1. [X] quoted task',
  'Plain paragraph with nothing special: 3 < 4 & 5 > 2.',
  '```\n| not a table | in code |\n```',
];

function bodies(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.md')) out.push(readFileSync(path.join(e.parentPath, e.name), 'utf8').split(/\n---\n/).slice(1).join('\n---\n'));
  }
  return out;
}

describe('GFM only where used', () => {
  it('detects each feature from its trigger, and nothing in plain text', () => {
    expect(gfmFeaturesUsed('Plain words only.')).toEqual([]);
    expect(gfmFeaturesUsed('See [x](https://example.org).')).toEqual([]);
    expect(gfmFeaturesUsed('See https://example.org.')).toEqual(['autolink']);
    expect(gfmFeaturesUsed('| a |\n|---|')).toEqual(['table']);
    expect(gfmFeaturesUsed('x[^1]\n\n[^1]: y')).toEqual(['footnote']);
  });

  it.each(CASES)('renders %j exactly as full GFM', (md) => same(md));

  it('renders the sample paper, the labeled corpus and a synthetic paper exactly as full GFM', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bp-gfm-'));
    writePaper(dir, 60);
    const all = [...bodies(path.join(REPO, 'content')), ...bodies(path.join(REPO, 'test/fixtures/related-corpus/content')), ...bodies(dir)];
    expect(all.length).toBeGreaterThan(250);
    for (const md of all) same(md);
  });
});
