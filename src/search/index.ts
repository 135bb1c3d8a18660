// The one module that imports Pagefind. Article pages go in as HTML (Pagefind indexes only the
// element marked data-pagefind-body, so navigation and related blocks stay out); the index
// comes back as in-memory files for the write stage. Loaded lazily: it starts a helper binary.
//
// One index for the whole paper, in the paper's language (forceLanguage): Pagefind otherwise
// builds one index per <html lang> and the search page loads only the index of its own lang, so
// a reader on /search/ (English) would never see the Khmer translations. Unspaced scripts are
// cut into words before indexing (./spacing.ts), which Pagefind's per-language handling would not
// do for Khmer anyway.
import type { OutputFile } from '../model.js';
import { spaceWords } from './spacing.js';

export interface SearchPage {
  /** URL below the base path, starting with "/". */
  readonly url: string;
  readonly html: string;
}

export interface SearchResult {
  readonly files: OutputFile[];
  readonly problems: string[];
}

/**
 * Builds the search index for `pages` under `pagefind/`; `language` is the paper's default.
 * Null when `signal` aborted it (a watch session's newer save comes first).
 */
export async function buildSearchIndex(pages: readonly SearchPage[], language: string, onPage: (done: number) => void = () => undefined, signal?: AbortSignal): Promise<SearchResult | null> {
  const pagefind = await import('pagefind');
  const problems: string[] = [];
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language.split('-')[0] ?? 'en' });
    problems.push(...errors);
    if (!index) return { files: [], problems };
    for (const [i, page] of pages.entries()) {
      if (signal?.aborted) return null;
      const res = await index.addHTMLFile({ url: page.url, content: spaceWords(page.html, language) });
      problems.push(...res.errors.map((e) => `${page.url}: ${e}`));
      onPage(i + 1);
    }
    const out = await index.getFiles();
    problems.push(...out.errors);
    const files = out.files
      .map((f): OutputFile => ({ path: `pagefind/${f.path}`, kind: 'asset', content: f.content }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    return { files, problems };
  } finally {
    await pagefind.close();
  }
}
