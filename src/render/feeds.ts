// RSS 2.0 and Atom feeds for the whole paper and for each section, through the `feed` library
// (one module imports it). Items carry title, summary, authors, categories and dates with
// offsets; a feed's own date is its newest item's, so an unchanged paper gives unchanged bytes.
import { Feed } from 'feed';
import type { Article, Catalog, ImageSets, OutputFile, PaperConfig } from '../model.js';
import { modifiedOf } from './structured.js';
import { absolute } from './urls.js';

export const FEED_SIZE = 50;

/** Where the feeds of the paper ("") or of a section ("national/") live. */
export function feedPaths(root: string): { rss: string; atom: string } {
  return { rss: `${root}feed.xml`, atom: `${root}atom.xml` };
}

/** The paper's and each section's feeds; with `showing`, only the feeds that list one of those articles. */
export function feedFiles(config: PaperConfig, catalog: Catalog, images: ImageSets, showing?: ReadonlySet<string>): OutputFile[] {
  const out: OutputFile[] = [];
  const add = (root: string, title: string, description: string, ids: readonly string[]) => {
    const top = ids.slice(0, FEED_SIZE);
    if (showing && !top.some((id) => showing.has(id))) return;
    const items = top.map((id) => catalog.byId[id]!);
    const paths = feedPaths(root);
    const make = () => new Feed({
      title,
      description,
      id: absolute(config, root),
      link: absolute(config, root),
      language: config.language,
      updated: new Date(items.reduce((m, a) => Math.max(m, (modifiedOf(a) ?? a.date).epochMs), 0)),
      generator: 'build-paper',
      copyright: `© ${config.name}`,
      feedLinks: { rss: absolute(config, paths.rss), atom: absolute(config, paths.atom) },
    });
    // The library declares Atom item titles and summaries as type="html" and RSS descriptions are
    // read as HTML, so plain text goes in HTML-escaped there; RSS titles are plain text.
    const rss = make();
    const atom = make();
    for (const a of items) {
      rss.addItem(item(a, config, images, false));
      atom.addItem(item(a, config, images, true));
    }
    out.push({ path: paths.rss, kind: 'text', content: rss.rss2() }, { path: paths.atom, kind: 'text', content: atom.atom1() });
  };
  add('', config.name, config.tagline || config.name, catalog.chronology);
  for (const s of config.sections) {
    add(`${s.slug}/`, `${s.title} | ${config.name}`, `${s.title} from ${config.name}`, catalog.sections[s.slug] ?? []);
  }
  return out;
}

function item(a: Article, config: PaperConfig, images: ImageSets, htmlTitle: boolean) {
  const url = absolute(config, a.urlPath);
  const section = config.sections.find((s) => s.slug === a.section)?.title ?? a.section;
  return {
    title: htmlTitle ? escapeHtml(a.title) : a.title,
    id: url,
    link: url,
    description: escapeHtml(a.excerpt),
    date: new Date((modifiedOf(a) ?? a.date).epochMs),
    published: new Date(a.date.epochMs),
    author: a.authors.map((name) => ({ name })),
    category: [section, ...a.tags].map((name) => ({ name })),
    ...(a.image ? { image: a.image.external ? a.image.src : absolute(config, widest(images, a.image.src) ?? a.image.src) } : {}),
  };
}

/** The widest variant in the original format: the whole picture, not a crop, and never the camera original. */
function widest(images: ImageSets, rel: string): string | null {
  const files = images[rel]?.fallback ?? [];
  return files.length ? files[files.length - 1]!.path : null;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
