// Responsive images for templates and article bodies: an image set (images/plan.ts) becomes the
// values of a <picture> (AVIF and WebP <source>s, the original format as the <img> fallback),
// and body images get the same markup as templates/partials/picture.liquid writes.
import type { Article, ArticleImage, ImageFile, ImageSet, ImageSets, ImageSizes, PaperConfig } from '../model.js';
import { href } from './urls.js';

export interface PictureView {
  /** The fallback <img src>: the widest variant (or the file itself when it has no variants). */
  readonly src: string;
  /** Every width of the fallback format ("a-480.jpg 480w, ..."), null when there is only the one file. */
  readonly srcset: string | null;
  readonly sources: readonly { readonly type: string; readonly srcset: string }[];
  readonly width: number | null;
  readonly height: number | null;
}

export interface ImageView extends PictureView {
  readonly alt: string;
  readonly caption: string | null;
  readonly credit: string | null;
  /** The `sizes` of article images (paper.yaml images.sizes). */
  readonly sizes: string;
  /** A small version for story lists and related blocks (the variant closest to THUMB_WIDTH). */
  readonly thumb: PictureView;
}

/** Thumbnails use this variant width (or the nearest one the image has). */
export const THUMB_WIDTH = 480;

const srcsetOf = (config: PaperConfig, files: readonly ImageFile[]) => files.map((f) => `${href(config, f.path)} ${f.width}w`).join(', ');

function fullPicture(config: PaperConfig, set: ImageSet): PictureView {
  const widest = set.fallback[set.fallback.length - 1]!;
  return {
    src: href(config, widest.path),
    srcset: srcsetOf(config, set.fallback),
    sources: [
      { type: 'image/avif', srcset: srcsetOf(config, set.avif) },
      { type: 'image/webp', srcset: srcsetOf(config, set.webp) },
    ],
    width: widest.width,
    height: widest.height,
  };
}

function thumbPicture(config: PaperConfig, set: ImageSet): PictureView {
  const pick = (files: readonly ImageFile[]) => files.find((f) => f.width >= THUMB_WIDTH) ?? files[files.length - 1]!;
  const fallback = pick(set.fallback);
  return {
    src: href(config, fallback.path),
    srcset: null,
    sources: [
      { type: 'image/avif', srcset: href(config, pick(set.avif).path) },
      { type: 'image/webp', srcset: href(config, pick(set.webp).path) },
    ],
    width: fallback.width,
    height: fallback.height,
  };
}

/** A file shown as it is (external, GIF, SVG ...): one <img>, sized when its size is known. */
function plainPicture(src: string, size: { width: number; height: number } | undefined): PictureView {
  return { src, srcset: null, sources: [], width: size?.width ?? null, height: size?.height ?? null };
}

/** What templates see as `story.image`. */
export function imageView(image: ArticleImage, config: PaperConfig, sets: ImageSets, sizes: ImageSizes): ImageView {
  const set = image.external ? undefined : sets[image.src];
  const plain = plainPicture(image.external ? image.src : href(config, image.src), image.external ? undefined : sizes[image.src]);
  return {
    ...(set ? fullPicture(config, set) : plain),
    alt: image.alt,
    caption: image.caption,
    credit: image.credit,
    sizes: config.images.sizes,
    thumb: set ? thumbPicture(config, set) : plain,
  };
}

const BODY_IMAGE = /<!--bp-image:(\d+)-->([\s\S]*?)<!--\/bp-image-->/g;

/** Swaps each local body image marked by parse for its <picture>; images without variants keep their <img>. */
export function bodyPictures(html: string, a: Article, config: PaperConfig, sets: ImageSets): string {
  if (a.bodyImages.length === 0) return html;
  return html.replace(BODY_IMAGE, (_, n: string, img: string) => {
    const ref = a.bodyImages[Number(n)];
    const set = ref ? sets[ref.rel] : undefined;
    if (!ref || !set) return img;
    return pictureHtml(fullPicture(config, set), { alt: ref.alt, title: ref.title, sizes: config.images.sizes, lead: false });
  });
}

/** The markup of templates/partials/picture.liquid, for images that are not written by a template. */
export function pictureHtml(p: PictureView, o: { alt: string; title: string | null; sizes: string; lead: boolean }): string {
  const sizes = p.srcset ? ` sizes="${attr(o.sizes)}"` : '';
  const sources = p.sources.map((s) => `<source type="${s.type}" srcset="${attr(s.srcset)}"${sizes}>`).join('');
  const dims = p.width ? ` width="${p.width}" height="${p.height}"` : '';
  const srcset = p.srcset ? ` srcset="${attr(p.srcset)}"${sizes}` : '';
  const title = o.title ? ` title="${attr(o.title)}"` : '';
  const loading = o.lead ? ' fetchpriority="high"' : ' loading="lazy"';
  return `<picture>${sources}<img src="${attr(p.src)}"${srcset} alt="${attr(o.alt)}"${title}${dims}${loading} decoding="async"></picture>`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
