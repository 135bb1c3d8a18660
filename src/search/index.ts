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
import { PRIMARY_DIR } from './parts.js';
import { spaceWords } from './spacing.js';

export interface SearchResult {
  /** Each part's files, by folder, sorted by path. */
  readonly parts: Map<string, OutputFile[]>;
  readonly problems: string[];
}

/**
 * What a merged part needs: its entry, metadata and index, fragment and filter chunks. Scripts,
 * styles and WebAssembly come from the primary bundle (merged indexes reuse its wasm).
 */
const PART_FILE = /^(pagefind-entry\.json|[^/]+\.pf_meta|(index|fragment|filter)\/[^/]+)$/;

/** The anchor page's one word (Pagefind drops a page without words): no reader types it. */
const ANCHOR_URL = '/search/';
const ANCHOR_WORD = 'bpanchorzqx';

export interface PartJob {
  /** Folder below the output folder (PRIMARY_DIR for the primary bundle, which alone keeps Pagefind's UI files). */
  readonly dir: string;
  /** The part's pages, by URL; each is read only when its turn comes. */
  readonly urls: readonly string[];
  readonly read: (url: string) => Promise<string>;
}

/**
 * Builds the search index of each part, one after the other through one Pagefind process;
 * `language` is the paper's default. `onPage` counts pages over all parts. Null when `signal`
 * aborted it (a watch session's newer save comes first).
 */
export async function buildSearchIndex(parts: readonly PartJob[], language: string, onPage: (done: number) => void = () => undefined, signal?: AbortSignal): Promise<SearchResult | null> {
  const pagefind = await import('pagefind');
  const problems: string[] = [];
  const made = new Map<string, OutputFile[]>();
  let done = 0;
  const lang = language.split('-')[0] ?? 'en';
  try {
    for (const part of parts) {
      const { index, errors } = await pagefind.createIndex({ forceLanguage: lang });
      problems.push(...errors);
      if (!index) return { parts: new Map(), problems };
      // A page dated 1970 takes rank 0 of the date order, which Pagefind scores 0 in every part;
      // the search page's date mode weights parts so that ranks compare across them.
      const anchor = await index.addCustomRecord({ url: ANCHOR_URL, content: ANCHOR_WORD, language: lang, meta: { title: '' }, sort: { date: '0' } });
      problems.push(...anchor.errors);
      for (const url of part.urls) {
        if (signal?.aborted) return null;
        const res = await index.addHTMLFile({ url, content: spaceWords(await part.read(url), language) });
        problems.push(...res.errors.map((e) => `${url}: ${e}`));
        onPage(++done);
      }
      const out = await index.getFiles();
      problems.push(...out.errors);
      await index.deleteIndex();
      const files = out.files
        .filter((f) => part.dir === PRIMARY_DIR || PART_FILE.test(f.path))
        .map((f): OutputFile => ({ path: `${part.dir}${f.path}`, kind: 'asset', content: f.content }))
        .sort((a, b) => (a.path < b.path ? -1 : 1));
      made.set(part.dir, files);
    }
    return { parts: made, problems };
  } finally {
    await pagefind.close();
  }
}
