// Readonly, plain, serializable records passed between stages. Records link by id, never by
// object reference, so a stage can run in a worker or be cached on disk.

/** One file read from the content folder. */
export interface SourceFile {
  /** Posix path relative to the content folder, e.g. "national/budget-vote.md"; the article id. */
  readonly rel: string;
  /** Path for messages (relative to the working folder when inside it). */
  readonly path: string;
  readonly text: string;
  /** sha256 of the raw bytes, hex. */
  readonly digest: string;
}

/** A non-markdown file in the content folder that is copied to the site as it is. */
export interface AssetFile {
  readonly rel: string;
  readonly abs: string;
  readonly size: number;
  /** sha256 of the bytes, hex. */
  readonly digest: string;
  /** Pixel size for images (so pages reserve their space), else null. */
  readonly width: number | null;
  readonly height: number | null;
}

export interface Section {
  readonly slug: string;
  readonly title: string;
}

export interface RelatedConfig {
  readonly count: number;
  readonly weights: {
    readonly text: number;
    readonly tags: number;
    readonly section: number;
    readonly authors: number;
    readonly recency: number;
  };
  readonly minScore: number;
  readonly includeNewer: boolean;
  readonly recencyHalfLifeDays: number;
  readonly maxDocShare: number;
  readonly excludeSections: readonly { readonly sections: readonly string[]; readonly from: readonly string[] | null }[];
}

export interface PaperConfig {
  readonly name: string;
  readonly tagline: string;
  /** Absolute URL ending in "/", e.g. https://example.org/paper/ */
  readonly baseUrl: string;
  /** Path part of baseUrl, always starting and ending with "/", e.g. /paper/ */
  readonly basePath: string;
  readonly language: string;
  readonly timeZone: string;
  readonly sections: readonly Section[];
  readonly permalink: string;
  readonly related: RelatedConfig;
  readonly pageSize: number;
  readonly sectionTopCount: number;
  /** Where an article's corrections notice goes. */
  readonly correctionsAt: 'top' | 'bottom';
  readonly markdown: {
    readonly allowHtml: boolean;
    readonly iframeHosts: readonly string[];
  };
  readonly images: ImagesConfig;
  /** The search index is cut into parts of whole units of this many article pages (search/parts.ts). */
  readonly search: { readonly partSize: number; readonly maxPartSize: number };
  /** sha256 of the normalized config, for cache invalidation. */
  readonly digest: string;
}

export interface ArticleImage {
  /** Either an absolute http(s) URL or a content-relative asset path ("media/x.jpg"). */
  readonly src: string;
  readonly external: boolean;
  readonly alt: string;
  readonly caption: string | null;
  readonly credit: string | null;
}

/** How local JPEG/PNG images are turned into responsive variants (paper.yaml `images`). */
export interface ImagesConfig {
  /** Widths in px of the variants, ascending; never wider than the original. */
  readonly widths: readonly number[];
  readonly avif: { readonly quality: number; readonly effort: number };
  readonly webp: { readonly quality: number; readonly effort: number };
  /** Quality of the JPEG fallback (PNG fallbacks are lossless). */
  readonly jpeg: { readonly quality: number };
  /** The `sizes` attribute of article images (lead and body): how wide the article column is drawn. */
  readonly sizes: string;
}

/** One encoded file of an image set, at a site path such as "media/river-3f2a9c01bd-480.avif". */
export interface ImageFile {
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

/** A sharing crop: 1200 px wide (less when the original is smaller) at a fixed aspect ratio. */
export interface ImageCrop extends ImageFile {
  readonly ratio: '16:9' | '4:3' | '1:1';
}

/**
 * What the images stage makes of one local JPEG or PNG: the same picture at several widths in
 * AVIF, WebP and the original format, plus sharing crops. Planned from the source's size and
 * digest alone (images/plan.ts), so pages can be rendered before anything is encoded.
 */
export interface ImageSet {
  /** Content-relative path of the source. */
  readonly rel: string;
  /** Displayed size of the original (EXIF orientation applied). */
  readonly width: number;
  readonly height: number;
  /** The original's format, used for the fallback variants and the crops. */
  readonly format: 'jpeg' | 'png';
  readonly avif: readonly ImageFile[];
  readonly webp: readonly ImageFile[];
  readonly fallback: readonly ImageFile[];
  readonly crops: readonly ImageCrop[];
}

export type ImageSets = Readonly<Record<string, ImageSet>>;

export type ImageSizes = Readonly<Record<string, { readonly width: number; readonly height: number }>>;

/** A timestamp kept as both the instant and its ISO form in the paper's zone (with offset). */
export interface Stamp {
  readonly epochMs: number;
  /** e.g. 2026-09-14T08:30:00+07:00 */
  readonly iso: string;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A link in an article body to another article's markdown file. */
export interface ArticleLink {
  /** How the writer named the target: its .md file (content-relative path) or its slug. */
  readonly target: { readonly kind: 'path' | 'slug'; readonly value: string };
  /** "#part" to keep after the permalink, or "". */
  readonly fragment: string;
  /** The placeholder href written into bodyHtml ("#bp-link-N"), replaced at render time. */
  readonly token: string;
  readonly line: number;
  readonly column: number;
}

/** A local image in an article body. */
export interface BodyImage {
  readonly rel: string;
  readonly alt: string;
  readonly title: string | null;
}

/** A reference from an article body or front matter to a file in the content folder. */
export interface AssetRef {
  readonly rel: string;
  /** Shown as an image (front-matter image, `![alt](x.jpg)`), not merely linked to. */
  readonly image: boolean;
  readonly line: number;
  readonly column: number;
}

export interface Article {
  /** The source's content-relative path; unique. */
  readonly id: string;
  readonly sourcePath: string;
  readonly digest: string;
  readonly slug: string;
  readonly title: string;
  readonly date: Stamp;
  readonly updated: Stamp | null;
  readonly section: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly summary: string | null;
  /** The summary, else the first paragraph's text cut at a word boundary. */
  readonly excerpt: string;
  readonly image: ArticleImage | null;
  readonly dateline: string | null;
  /** Slugs an editor pinned, in order. */
  readonly related: readonly string[];
  /** Slugs an editor never wants in this article's related block. */
  readonly relatedExclude: readonly string[];
  /** Analyzed terms of headline, dek and body for related stories: [hash, count, ...] (text/analyze.ts). */
  readonly terms: Int32Array;
  readonly featured: boolean;
  readonly draft: boolean;
  /** After this moment the article is taken down everywhere. */
  readonly expires: Stamp | null;
  /** A short label above the headline (e.g. "Analysis"). */
  readonly kicker: string | null;
  /** The article's language (BCP 47), else the paper's. */
  readonly lang: string;
  /** Slugs of the same story in other languages. */
  readonly translations: readonly string[];
  /** Corrections, oldest first. */
  readonly corrections: readonly { readonly date: Stamp; readonly text: string }[];
  /** Links in the body to other articles' source files, resolved by the catalog. */
  readonly links: readonly ArticleLink[];
  /**
   * Local images in the body, in order: bodyHtml wraps the Nth one in <!--bp-image:N--> ...
   * <!--/bp-image--> so render can swap in a responsive <picture>.
   */
  readonly bodyImages: readonly BodyImage[];
  readonly bodyHtml: string;
  readonly wordCount: number;
  /** URL path below the base path, e.g. "national/2026/09/budget-vote/". */
  readonly urlPath: string;
  readonly assets: readonly AssetRef[];
  /** Where some fields were written, for errors raised by later stages. */
  readonly positions: {
    readonly slug: Position;
    readonly related: readonly Position[];
    readonly relatedExclude: readonly Position[];
    readonly translations: readonly Position[];
  };
}

/** A byline's profile from content/authors/<slug>.md. */
export interface AuthorProfile {
  readonly name: string;
  readonly title: string | null;
  /** Content-relative path of the photo. */
  readonly photo: { readonly src: string; readonly alt: string } | null;
  readonly bioHtml: string;
  readonly sourcePath: string;
}

/** Articles grouped and ordered; built once, then read-only. */
export interface Catalog {
  /** Published articles by id. */
  readonly byId: Readonly<Record<string, Article>>;
  /** Published article ids, newest first (ties: slug). */
  readonly chronology: readonly string[];
  /** Section slug -> published ids, newest first. */
  readonly sections: Readonly<Record<string, readonly string[]>>;
  /** Slug -> id, for pins. */
  readonly bySlug: Readonly<Record<string, string>>;
  /** Per article: link placeholder -> target URL path (with fragment), or null when unpublished. */
  readonly links: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
  /** Per article: its published versions in other languages. */
  readonly translations: Readonly<Record<string, readonly { readonly lang: string; readonly urlPath: string }[]>>;
}

/** Related ids per article id, in display order. */
export type RelatedMap = Readonly<Record<string, readonly string[]>>;

/** One file of the site. Either bytes to write or a source file to copy. */
export type OutputFile =
  | { readonly path: string; readonly kind: 'page' | 'text' | 'asset'; readonly content: string | Uint8Array }
  | { readonly path: string; readonly kind: 'copy'; readonly from: string; readonly size: number };
