// Encoded images, kept so that an unchanged image is never encoded twice: on disk under
// <cache-dir>/images/ (across builds and CI runs), or in memory for a watch session without one.
// Names carry a hash of the source bytes and the settings (images/plan.ts), so a name is its
// own cache key and a stale entry can never be served for a changed image.
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where an encoded file's bytes are: a cache file to copy, or bytes in memory. */
export type StoredImage = { readonly kind: 'copy'; readonly from: string; readonly size: number } | { readonly kind: 'asset'; readonly content: Uint8Array };

export interface ImageStore {
  /** The stored file for a site path such as "media/river-3f2a9c01bd-480.avif", or null. */
  find(name: string): Promise<StoredImage | null>;
  save(name: string, bytes: Uint8Array): Promise<StoredImage>;
  /** Forgets every file but these, so the cache does not grow with each edited image. */
  prune(keep: ReadonlySet<string>): Promise<void>;
}

const DIR = 'images';

/** A store in `cacheDir`/images/, or, with no folder, in `memory` (which the caller may keep between builds). */
export function imageStore(cacheDir: string | null, memory: Map<string, Uint8Array> = new Map()): ImageStore {
  if (!cacheDir) {
    return {
      find: async (name) => {
        const content = memory.get(name);
        return content ? { kind: 'asset', content } : null;
      },
      save: async (name, content) => {
        memory.set(name, content);
        return { kind: 'asset', content };
      },
      prune: async (keep) => {
        for (const name of [...memory.keys()]) if (!keep.has(name)) memory.delete(name);
      },
    };
  }
  const root = path.join(cacheDir, DIR);
  const fileOf = (name: string) => path.join(root, ...name.split('/'));
  return {
    find: async (name) => {
      try {
        const info = await stat(fileOf(name));
        return info.isFile() && info.size > 0 ? { kind: 'copy', from: fileOf(name), size: info.size } : null;
      } catch {
        return null;
      }
    },
    save: async (name, bytes) => {
      const file = fileOf(name);
      await mkdir(path.dirname(file), { recursive: true });
      // Through a temporary file: a killed build never leaves half an image to be served later.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
      return { kind: 'copy', from: file, size: bytes.length };
    },
    prune: async (keep) => {
      let entries;
      try {
        entries = await readdir(root, { recursive: true, withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (!e.isFile()) continue;
        const name = path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/');
        if (!keep.has(name)) await unlink(path.join(e.parentPath, e.name)).catch(() => undefined);
      }
    },
  };
}

/** A source image's bytes. */
export function readImage(abs: string): Promise<Uint8Array> {
  return readFile(abs);
}
