// Unspaced scripts in the search index: the build cuts them into words (src/search/spacing.ts),
// the search page (templates/assets/search.js) cuts queries the same way and takes the inserted
// spaces out of results again. Both halves are tested together here, in Node's ICU.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { KEPT_SPACE, spaceWords } from '../../src/search/spacing.js';
import { UNSPACED_CHAR } from '../../src/text/analyze.js';
import { DEFAULT_TEMPLATES } from '../helpers/site.js';

interface PaperSearch {
  splitQuery(term: string): string;
  restore(text: string): string;
  CHAR: string;
}

/** templates/assets/search.js as the browser runs it, without a window. */
function browserSide(): PaperSearch {
  const sandbox = { Intl, URL, URLSearchParams } as Record<string, unknown>;
  vm.runInNewContext(readFileSync(path.join(DEFAULT_TEMPLATES, 'assets/search.js'), 'utf8'), sandbox);
  return sandbox['paperSearch'] as PaperSearch;
}

const KHMER = 'ក្រុមរបាំបុរាណនាំរបាំផ្កាឈូក «ដែលបាត់បង់» ត្រឡប់មកវិញ ពីខ្សែភាពយន្តចាស់។';

describe('spacing unspaced scripts for the search index', () => {
  const page = browserSide();

  it('puts a space between the words of Khmer runs and marks the spaces the writer typed', () => {
    expect(spaceWords('ក្រុមរបាំបុរាណនាំរបាំផ្កាឈូក', 'km')).toBe('ក្រុមរបាំ បុរាណ នាំ របាំ ផ្កាឈូក');
    expect(spaceWords('ត្រឡប់មកវិញ ពីខ្សែភាពយន្តចាស់', 'km')).toBe(`ត្រឡប់មកវិញ ${KEPT_SPACE} ពី ខ្សែភាពយន្ត ចាស់`);
  });

  it('leaves text without unspaced scripts, and markup, untouched', () => {
    const html = '<p class="x">Floods rose <em>again</em> in Phnom Penh.</p>';
    expect(spaceWords(html, 'en')).toBe(html);
    expect(spaceWords('<h1 class="a">ផ្កាឈូក</h1>', 'km')).toBe('<h1 class="a">ផ្កាឈូក</h1>');
  });

  it('the search page restores exactly what the writer wrote, with or without <mark> around a word', () => {
    for (const text of [KHMER, 'ข่าวน้ำท่วมในกรุงเทพมหานคร วันนี้', '东京的洪水 新闻', `Mixed ${KHMER} and English`]) {
      const indexed = spaceWords(text, 'km');
      expect(page.restore(indexed)).toBe(text);
    }
    const marked = spaceWords(KHMER, 'km').replace('ផ្កាឈូក', '<mark>ផ្កាឈូក</mark>');
    expect(page.restore(marked)).toBe(KHMER.replace('ផ្កាឈូក', '<mark>ផ្កាឈូក</mark>'));
  });

  it('cuts a query into the same words as the index (Pagefind then requires all of them)', () => {
    expect(page.splitQuery('របាំផ្កាឈូក')).toBe('របាំ ផ្កាឈូក');
    expect(page.splitQuery('ផ្កាឈូក')).toBe('ផ្កាឈូក');
    expect(page.splitQuery('lotus dance')).toBe('lotus dance');
    const words = page.splitQuery('ក្រុមរបាំបុរាណ').split(' ');
    for (const w of words) expect(spaceWords(KHMER, 'km').split(' ')).toContain(w);
  });

  it('both sides agree on which scripts are written without spaces', () => {
    expect(page.CHAR).toBe(UNSPACED_CHAR.source);
  });
});
