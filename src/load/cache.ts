// The persistent parse cache (default .cache/build-paper/): parsed articles keyed by the config
// digest and the file's digest, so a CI job that restores the folder re-parses only what changed.
// Dropped whole when build-paper's code changes; safe to delete; a damaged file is ignored.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';

const FILE = 'parse.bin';

export interface CacheEntry<T> {
  readonly key: string;
  readonly value: T;
}

let toolDigest: Promise<string> | null = null;

/** A digest of build-paper's own compiled code: any change to it invalidates every cache. */
export function codeDigest(): Promise<string> {
  toolDigest ??= (async () => {
    const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const hash = createHash('sha256');
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && /\.(js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')).map((e) => path.join(e.parentPath, e.name)).sort();
    for (const f of files) hash.update(f.slice(root.length)).update(await readFile(f));
    return hash.digest('hex');
  })();
  return toolDigest;
}

/** Reads the cache; an absent, damaged or foreign-version file gives an empty map. */
export async function readCache<T>(dir: string): Promise<Map<string, CacheEntry<T>>> {
  return new Map(await readState<[string, CacheEntry<T>][]>(dir, FILE));
}

/** Writes the cache through a temporary file, so a killed build never leaves half a cache. */
export async function writeCache<T>(dir: string, entries: ReadonlyMap<string, CacheEntry<T>>): Promise<void> {
  await writeState(dir, FILE, [...entries]);
}

/**
 * A value kept in the cache folder under `name` (the parse cache, the last render's state), or
 * null when it is absent, damaged or written by another version of build-paper.
 */
export async function readState<T>(dir: string, name: string): Promise<T | null> {
  try {
    const data = deserialize(await readFile(path.join(dir, name))) as { code: string; value: T };
    return data.code === (await codeDigest()) ? data.value : null;
  } catch {
    return null;
  }
}

/** Writes a value through a temporary file, so a killed build never leaves half of it. */
export async function writeState<T>(dir: string, name: string, value: T): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
  await writeFile(tmp, serialize({ code: await codeDigest(), value }));
  await rename(tmp, path.join(dir, name));
}

/** Forgets a stored state (its output folder is being changed by other means). */
export async function removeState(dir: string, name: string): Promise<void> {
  await rm(path.join(dir, name), { force: true });
}
