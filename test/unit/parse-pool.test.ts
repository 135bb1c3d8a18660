// parseMany lets each source's text go once parsed or sent, when asked (one-off builds), and
// gives the same results either way, in this thread and in the worker pool.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { SourceFile } from '../../src/model.js';
import { PAPER_YAML, article } from '../helpers/site.js';
// The compiled module (npm test compiles first): only it has a worker script to start.
const LIB = '../../lib/parse/pool.js';
const { parseMany } = (await import(LIB)) as typeof import('../../src/parse/pool.js');

const { config } = parseConfig(PAPER_YAML, 'content/paper.yaml');

function sources(n: number): SourceFile[] {
  return Array.from({ length: n }, (_, i) => {
    const rel = `news/story-${i}.md`;
    return { rel, path: `content/${rel}`, text: article({ title: `Story ${i}` }, `Words of story ${i}, with *emphasis*.`), digest: `d${i}` };
  });
}

describe('parseMany', () => {
  for (const threads of [1, 2]) {
    it(`with release, empties each text and parses the same (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const kept = sources(120);
      const released = sources(120);
      const a = await parseMany(kept, config!, threads, { minForPool: 2 });
      const b = await parseMany(released, config!, threads, { minForPool: 2, release: true });
      expect(kept.every((s) => s.text.length > 0)).toBe(true);
      expect(released.map((s) => s.text)).toEqual(released.map(() => ''));
      expect(b.filter((r) => r.article).length).toBe(120);
      expect(b).toEqual(a);
    });
  }
});
