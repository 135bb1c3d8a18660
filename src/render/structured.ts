// Structured data and sharing tags: schema.org JSON-LD (NewsArticle on articles, Organization
// and WebSite on the front page) and Open Graph / Twitter card values, from the same records the
// pages show, so the dates in the data match the visible stamps.
import type { Article, ImageCrop, ImageSets, PaperConfig } from '../model.js';
import { absolute } from './urls.js';
import { termSlug } from './slugs.js';

/** JSON for a <script type="application/ld+json">: "<", ">" and "&" escaped so it cannot end the script. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The latest of the update time and the corrections' dates, or null. */
export function modifiedOf(a: Article): { epochMs: number; iso: string } | null {
  let best = a.updated;
  for (const c of a.corrections) if (!best || c.date.epochMs > best.epochMs) best = c.date;
  return best;
}

/** The sharing crops of the article's image (16:9, 4:3, 1:1), or none when it has no variants. */
function cropsOf(a: Article, sets: ImageSets): readonly ImageCrop[] {
  return a.image && !a.image.external ? (sets[a.image.src]?.crops ?? []) : [];
}

/** Absolute URLs of the article's image: its crops when it has them, else the file itself. */
export function imageUrls(a: Article, config: PaperConfig, sets: ImageSets): string[] {
  if (!a.image) return [];
  if (a.image.external) return [a.image.src];
  const crops = cropsOf(a, sets);
  return crops.length ? [...new Set(crops.map((c) => absolute(config, c.path)))] : [absolute(config, a.image.src)];
}

export function newsArticleData(a: Article, config: PaperConfig, sets: ImageSets): object {
  const url = absolute(config, a.urlPath);
  const images = imageUrls(a, config, sets);
  const section = config.sections.find((s) => s.slug === a.section)?.title ?? a.section;
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    description: a.excerpt,
    datePublished: a.date.iso,
    dateModified: (modifiedOf(a) ?? a.date).iso,
    inLanguage: a.lang,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    articleSection: section,
    ...(a.tags.length ? { keywords: a.tags.join(', ') } : {}),
    ...(images.length ? { image: images } : {}),
    ...(a.dateline ? { locationCreated: { '@type': 'Place', name: a.dateline } } : {}),
    author: a.authors.map((name) => ({ '@type': 'Person', name, url: absolute(config, `authors/${termSlug(name)}/`) })),
    publisher: publisher(config),
  };
}

export function frontPageData(config: PaperConfig): object[] {
  const home = absolute(config, '');
  return [
    { '@context': 'https://schema.org', ...publisher(config), url: home },
    {
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: config.name,
      url: home,
      inLanguage: config.language,
      potentialAction: {
        '@type': 'SearchAction',
        target: { '@type': 'EntryPoint', urlTemplate: `${absolute(config, 'search/')}?q={search_term_string}` },
        'query-input': 'required name=search_term_string',
      },
    },
  ];
}

function publisher(config: PaperConfig) {
  return { '@type': 'NewsMediaOrganization', name: config.name, url: absolute(config, '') };
}

export interface SocialMeta {
  readonly type: 'article' | 'website';
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly image: string | null;
  readonly imageAlt: string | null;
  readonly imageWidth: number | null;
  readonly imageHeight: number | null;
  readonly published: string | null;
  readonly modified: string | null;
  readonly section: string | null;
  readonly tags: readonly string[];
}

/** Open Graph and Twitter values; the image is the 16:9 crop, the shape both show large. */
export function articleSocial(a: Article, config: PaperConfig, sets: ImageSets): SocialMeta {
  const wide = cropsOf(a, sets).find((c) => c.ratio === '16:9');
  return {
    type: 'article',
    title: a.title,
    description: a.excerpt,
    url: absolute(config, a.urlPath),
    image: imageUrls(a, config, sets)[0] ?? null,
    imageAlt: a.image?.alt ?? null,
    imageWidth: wide?.width ?? null,
    imageHeight: wide?.height ?? null,
    published: a.date.iso,
    modified: (modifiedOf(a) ?? a.date).iso,
    section: config.sections.find((s) => s.slug === a.section)?.title ?? null,
    tags: a.tags,
  };
}

export function pageSocial(config: PaperConfig, sitePath: string, title: string, description: string): SocialMeta {
  return { type: 'website', title, description, url: absolute(config, sitePath), image: null, imageAlt: null, imageWidth: null, imageHeight: null, published: null, modified: null, section: null, tags: [] };
}
