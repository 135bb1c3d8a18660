// The persistent parse cache (default .cache/build-paper/): parsed articles keyed by the config
// digest and the file's digest, so a CI job that restores the folder re-parses only what changed.
// Dropped whole when build-paper's code changes; safe to delete; a damaged file is ignored.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { mapLimit } from '../concurrency.js';
import { termHash } from '../text/analyze.js';

/**
 * The parse cache is spread over this many files by a hash of each article's path, so a build
 * that parsed a few articles rewrites a few files, not the whole cache.
 */
const BUCKETS = 32;
const bucketFile = (b: number) => `parse-${String(b).padStart(2, '0')}.bin`;
/** The single file of earlier versions, removed when the cache is next written. */
const LEGACY_FILE = 'parse.bin';

export interface CacheEntry<T> {
  readonly key: string;
  readonly value: T;
}

function bucketOf(rel: string): number {
  return (termHash(rel) >>> 0) % BUCKETS;
}

/** The parse cache as read from disk: it remembers which paths were set or deleted since. */
export class StoredCache<T> extends Map<string, CacheEntry<T>> {
  readonly dirty = new Set<string>();

  override set(rel: string, entry: CacheEntry<T>): this {
    // Map's constructor calls set before the field exists; those entries are not changes.
    this.dirty?.add(rel);
    return super.set(rel, entry);
  }

  override delete(rel: string): boolean {
    this.dirty.add(rel);
    return super.delete(rel);
  }
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

/**
 * A large text field of the cached values (an article's body) kept out of the deserialized
 * records: each file stores its texts as one UTF-8 buffer, and a value read back gets a getter
 * that decodes its text when a build uses it. A warm build that renders nothing never decodes
 * one, and never makes the garbage collector copy them (half a second on a 10k paper).
 */
export interface DetachedText<T> {
  /** A copy of `value` without the text, and the text; null when it has none. */
  detach(value: T): { value: T; text: string } | null;
  /** `value` with its text back, read on use from `text()`. */
  attach(value: T, text: () => string): T;
}

/** One cache file's entries; an entry's text, if any, is bytes [from, from + length) of the file's texts. */
type BucketEntries<T> = [rel: string, entry: CacheEntry<T>, from: number, length: number][];

/** One cache file: entries whose text, if any, is texts[from, from + length). */
interface Bucket<T> {
  readonly entries: BucketEntries<T>;
  readonly texts: Uint8Array;
}

/** The parse cache as read by readCache; `close` lets go of the files its texts are read from. */
export interface ReadCache<T> {
  readonly cache: StoredCache<T>;
  close(): void;
}

/**
 * Reads the cache; absent, damaged or foreign-version files count as empty. A cache file is the
 * code digest, the length of the serialized entries (8 bytes), the entries, then every text as
 * UTF-8. With `onDisk`, texts stay in the files, which stay open until `close` and are read
 * from when a text is used: a warm 100k build otherwise held about 600 MB of them (its peak went
 * from 735 to 2,141 MiB as the cache was read). A file replaced meanwhile (writeCache) is still
 * read through its open descriptor.
 */
export async function readCache<T>(dir: string, detached?: DetachedText<T>, options: { onDisk?: boolean } = {}): Promise<ReadCache<T>> {
  const code = await codeDigest();
  const fds: number[] = [];
  const entries: [string, CacheEntry<T>][] = [];
  for (let b = 0; b < BUCKETS; b++) {
    const read = readBucket<T>(path.join(dir, bucketFile(b)), code, Boolean(options.onDisk && detached));
    if (!read) continue;
    if (read.fd !== null) fds.push(read.fd);
    for (const [rel, entry, from, length] of read.entries) {
      const value = detached && length >= 0 ? detached.attach(entry.value, () => read.text(from, length)) : entry.value;
      entries.push([rel, { key: entry.key, value }]);
    }
  }
  return {
    cache: new StoredCache<T>(entries),
    close: () => {
      for (const fd of fds.splice(0)) closeSync(fd);
    },
  };
}

/** One cache file, or null when it is absent, damaged or another version's. */
function readBucket<T>(file: string, code: string, onDisk: boolean): { entries: BucketEntries<T>; text: (from: number, length: number) => string; fd: number | null } | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  let keep = false;
  try {
    const expected = Buffer.from(code, 'utf8');
    const head = Buffer.alloc(expected.length + 8);
    if (readSync(fd, head, 0, head.length, 0) !== head.length || !head.subarray(0, expected.length).equals(expected)) return null;
    const length = Number(head.readBigUInt64LE(expected.length));
    const body = Buffer.alloc(length);
    if (readSync(fd, body, 0, length, head.length) !== length) return null;
    const entries = deserialize(body) as BucketEntries<T>;
    const at = head.length + length;
    if (onDisk) {
      keep = true;
      return {
        entries,
        fd,
        text: (from, n) => {
          const bytes = Buffer.alloc(n);
          if (readSync(fd, bytes, 0, n, at + from) !== n) throw new Error(`internal: a cached text of ${file} is cut short`);
          return bytes.toString('utf8');
        },
      };
    }
    const texts = Buffer.alloc(fstatSync(fd).size - at);
    if (readSync(fd, texts, 0, texts.length, at) !== texts.length) return null;
    return { entries, fd: null, text: (from, n) => texts.toString('utf8', from, from + n) };
  } catch {
    return null;
  } finally {
    if (!keep) closeSync(fd);
  }
}

/**
 * Writes the cache, each file through a temporary file so a killed build never leaves half of
 * one. A cache read by readCache rewrites only the files holding paths that changed.
 */
export async function writeCache<T>(dir: string, entries: ReadonlyMap<string, CacheEntry<T>>, detached?: DetachedText<T>): Promise<void> {
  const dirty = entries instanceof StoredCache ? new Set([...entries.dirty].map(bucketOf)) : null;
  const byBucket = new Map<number, [string, CacheEntry<T>][]>();
  for (const [rel, entry] of entries) {
    const b = bucketOf(rel);
    if (dirty && !dirty.has(b)) continue;
    const list = byBucket.get(b);
    if (list) list.push([rel, entry]);
    else byBucket.set(b, [[rel, entry]]);
  }
  const write = dirty ?? new Set(Array.from({ length: BUCKETS }, (_, b) => b));
  // Two files at a time: a file's bodies are in memory while it is written, and a cold build of a
  // 100k archive has about 600 MB of them.
  await mapLimit([...write], 2, (b) => writeBucket(dir, bucketFile(b), toBucket(byBucket.get(b) ?? [], detached)));
  if (entries instanceof StoredCache) entries.dirty.clear();
  await rm(path.join(dir, LEGACY_FILE), { force: true });
}

function toBucket<T>(list: readonly [string, CacheEntry<T>][], detached?: DetachedText<T>): Bucket<T> {
  const texts: Buffer[] = [];
  let at = 0;
  const entries = list.map(([rel, entry]): Bucket<T>['entries'][number] => {
    const split = detached?.detach(entry.value);
    if (!split) return [rel, entry, 0, -1];
    const bytes = Buffer.from(split.text, 'utf8');
    texts.push(bytes);
    at += bytes.length;
    return [rel, { key: entry.key, value: split.value }, at - bytes.length, bytes.length];
  });
  return { entries, texts: Buffer.concat(texts) };
}

/** Writes one cache file (readCache has its layout) through a temporary file. */
async function writeBucket<T>(dir: string, name: string, bucket: Bucket<T>): Promise<void> {
  const entries = serialize(bucket.entries);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(entries.length));
  await writeWithDigest(dir, name, [length, entries, bucket.texts]);
}

/** Writes the code digest then `chunks` to `name`, through a temporary file so a killed build never leaves half of it. */
async function writeWithDigest(dir: string, name: string, chunks: readonly Uint8Array[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
  await writeFile(tmp, [Buffer.from(await codeDigest(), 'utf8'), ...chunks]);
  await rename(tmp, path.join(dir, name));
}

/**
 * A value kept in the cache folder under `name` (the parse cache, the last render's state), or
 * null when it is absent, damaged or written by another version of build-paper. A file starts
 * with the digest of the code that wrote it, read before the rest: after an upgrade, a 100k
 * archive's stale parse cache was read and deserialized whole (1 GB more at the build's start)
 * only to be dropped.
 */
export async function readState<T>(dir: string, name: string): Promise<T | null> {
  // The code's digest is taken first, at the start of the build, never after a long build.
  const code = codeDigest();
  let file;
  try {
    file = await open(path.join(dir, name), 'r');
  } catch {
    return null;
  }
  try {
    const expected = Buffer.from(await code, 'utf8');
    const head = Buffer.alloc(expected.length);
    // Read from the file's position, so that readFile goes on from the end of the digest.
    const { bytesRead } = await file.read(head, 0, head.length, null);
    if (bytesRead !== head.length || !head.equals(expected)) return null;
    return deserialize(await file.readFile()) as T;
  } catch {
    return null;
  } finally {
    await file.close();
  }
}

/** Writes a value through a temporary file, so a killed build never leaves half of it. */
export async function writeState<T>(dir: string, name: string, value: T): Promise<void> {
  await writeWithDigest(dir, name, [serialize(value)]);
}

/** Forgets a stored state (its output folder is being changed by other means). */
export async function removeState(dir: string, name: string): Promise<void> {
  await rm(path.join(dir, name), { force: true });
}
