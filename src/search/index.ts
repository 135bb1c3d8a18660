// The one module that imports Pagefind. Article pages go in as HTML (Pagefind indexes only the
// element marked data-pagefind-body, so navigation and related blocks stay out); the index
// comes back as in-memory files for the write stage. Loaded lazily: it starts a helper binary.
import type { OutputFile } from '../model.js';

export interface SearchPage {
  /** URL below the base path, starting with "/". */
  readonly url: string;
  readonly html: string;
}

export interface SearchResult {
  readonly files: OutputFile[];
  readonly problems: string[];
}

/** Builds the search index for `pages` under `pagefind/`; `language` is the paper's default. */
/** Null when `signal` aborted it (a watch session's newer save comes first). */
export async function buildSearchIndex(pages: readonly SearchPage[], language: string, onPage: (done: number) => void = () => undefined, signal?: AbortSignal): Promise<SearchResult | null> {
  const pagefind = await import('pagefind');
  const problems: string[] = [];
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language.split('-')[0] ?? 'en' });
    problems.push(...errors);
    if (!index) return { files: [], problems };
    for (const [i, page] of pages.entries()) {
      if (signal?.aborted) return null;
      const res = await index.addHTMLFile({ url: page.url, content: page.html });
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
