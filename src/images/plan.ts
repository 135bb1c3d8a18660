// Pure: which files an image becomes. From the source's size and digest and the settings alone,
// so render can write <picture> markup before anything is encoded, and a file's name
// changes whenever its bytes could (content-hashed names, cacheable for ever).
import { createHash } from 'node:crypto';
import type { AssetFile, ImageCrop, ImageFile, ImageSet, ImagesConfig } from '../model.js';

/** Bump when the encoding pipeline changes in a way the settings do not show. */
const PIPELINE = 1;

/** Sharing crops: schema.org and Google ask for 16:9, 4:3 and 1:1, at least 1200 px wide when possible. */
export const CROP_WIDTH = 1200;
const RATIOS: readonly { ratio: ImageCrop['ratio']; w: number; h: number }[] = [
  { ratio: '16:9', w: 16, h: 9 },
  { ratio: '4:3', w: 4, h: 3 },
  { ratio: '1:1', w: 1, h: 1 },
];

const FORMATS: Readonly<Record<string, ImageSet['format']>> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png' };

/** The source format when build-paper makes variants of it (JPEG, PNG), else null (GIF, SVG, WebP ... are copied as they are). */
export function processableFormat(rel: string): ImageSet['format'] | null {
  const ext = rel.slice(rel.lastIndexOf('.') + 1).toLowerCase();
  return FORMATS[ext] ?? null;
}

/** A digest of everything besides the source bytes that decides the encoded bytes. */
export function settingsDigest(config: ImagesConfig, encoderVersion: string): string {
  return createHash('sha256').update(JSON.stringify({ PIPELINE, encoderVersion, config })).digest('hex');
}

/** Widths to make: those of the list narrower than the original, plus the original's when the list goes beyond it. */
export function variantWidths(original: number, widths: readonly number[]): number[] {
  const out = widths.filter((w) => w < original);
  if (widths.some((w) => w >= original)) out.push(original);
  return out;
}

/** The largest crop of the ratio that fits the original, at most CROP_WIDTH wide: never upscaled. */
export function cropSize(width: number, height: number, w: number, h: number): { width: number; height: number } {
  const cw = Math.max(1, Math.min(CROP_WIDTH, width, Math.floor((height * w) / h)));
  return { width: cw, height: Math.max(1, Math.round((cw * h) / w)) };
}

/** The image set of a local JPEG/PNG asset, or null when it is not one build-paper processes. */
export function planImage(asset: AssetFile, config: ImagesConfig, settings: string): ImageSet | null {
  const format = processableFormat(asset.rel);
  if (!format || !asset.width || !asset.height) return null;
  const { width, height } = asset;
  const hash = createHash('sha256').update(asset.digest).update(settings).digest('hex').slice(0, 10);
  const dot = asset.rel.lastIndexOf('.');
  const stem = `${asset.rel.slice(0, dot)}-${hash}`;
  const ext = format === 'jpeg' ? 'jpg' : 'png';
  const at = (w: number, e: string): ImageFile => ({ path: `${stem}-${w}.${e}`, width: w, height: Math.max(1, Math.round((w * height) / width)) });
  const widths = variantWidths(width, config.widths);
  return {
    rel: asset.rel,
    width,
    height,
    format,
    avif: widths.map((w) => at(w, 'avif')),
    webp: widths.map((w) => at(w, 'webp')),
    fallback: widths.map((w) => at(w, ext)),
    crops: RATIOS.map(({ ratio, w, h }) => {
      const size = cropSize(width, height, w, h);
      return { ratio, path: `${stem}-${size.width}x${size.height}.${ext}`, ...size };
    }),
  };
}

/** Every file of a set, each once (two crops of a tiny image can coincide). */
export function filesOf(set: ImageSet): ImageFile[] {
  const seen = new Map<string, ImageFile>();
  for (const f of [...set.avif, ...set.webp, ...set.fallback, ...set.crops]) seen.set(f.path, f);
  return [...seen.values()];
}
