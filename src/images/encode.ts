// The one module that imports sharp, and only when an image has to be encoded, so that
// `build-paper --version` and builds with a warm cache never load libvips.
import { readFileSync } from 'node:fs';
import type { ImageFile, ImageSet, ImagesConfig } from '../model.js';

import type { Sharp, SharpConstructor } from 'sharp';

let loaded: Promise<SharpConstructor> | null = null;

function sharpModule(): Promise<SharpConstructor> {
  loaded ??= import('sharp').then((m) => m.default);
  return loaded;
}

/** sharp's version (read from its package.json, without loading the native library): part of every image's cache key. */
export function encoderVersion(): string {
  // sharp's exports hide package.json; it sits above the entry point (dist/index.mjs).
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('sharp')), 'utf8')) as { version: string }).version;
  return `sharp ${version}`;
}
let version: string | undefined;

/**
 * Decodes `bytes` once and encodes every file of `set`: each width as AVIF, WebP and the
 * original format, and the sharing crops (centred on the most striking part, sharp's
 * "attention" strategy). EXIF orientation is applied and metadata (GPS and all) dropped.
 * Throws when the bytes are not a readable image.
 */
export async function encodeSet(bytes: Uint8Array, set: ImageSet, config: ImagesConfig): Promise<Map<string, Uint8Array>> {
  const sharp = await sharpModule();
  const source = sharp(bytes, { failOn: 'error' }).autoOrient();
  const fallback = (img: Sharp) =>
    set.format === 'jpeg' ? img.jpeg({ quality: config.jpeg.quality, mozjpeg: true }) : img.png({ compressionLevel: 9, adaptiveFiltering: true });
  const resized = (f: ImageFile) => source.clone().resize({ width: f.width, withoutEnlargement: true });
  const jobs: [string, Promise<Buffer>][] = [];
  for (const f of set.avif) jobs.push([f.path, resized(f).avif({ quality: config.avif.quality, effort: config.avif.effort }).toBuffer()]);
  for (const f of set.webp) jobs.push([f.path, resized(f).webp({ quality: config.webp.quality, effort: config.webp.effort }).toBuffer()]);
  for (const f of set.fallback) jobs.push([f.path, fallback(resized(f)).toBuffer()]);
  const crops = new Set<string>();
  for (const c of set.crops) {
    if (crops.has(c.path)) continue;
    crops.add(c.path);
    jobs.push([c.path, fallback(source.clone().resize({ width: c.width, height: c.height, fit: 'cover', position: sharp.strategy.attention })).toBuffer()]);
  }
  // Promise.all, not one await after another: a failing encode must not leave the others' rejections unhandled.
  const buffers = await Promise.all(jobs.map(([, job]) => job));
  return new Map(jobs.map(([p], i) => [p, buffers[i]!]));
}
