// OutputFile[] -> the output folder. Only files whose bytes changed are written (each through a
// temporary file and a rename, so a reader never sees half a file); files the build no longer
// produces are removed. Unchanged files keep their mtime, so uploads send only what changed.
import { copyFile, mkdir, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildError, type BuildError } from '../errors.js';
import type { OutputFile } from '../model.js';
import { isInside } from '../paths.js';
import { FILE_CONCURRENCY, mapLimit } from '../concurrency.js';

export interface WriteStats {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Output paths written or removed (posix, relative to the output folder), sorted. */
  readonly changed: readonly string[];
}

/**
 * Refuses an output folder whose cleaning would delete the project's own files: it may not
 * overlap the content or templates folders, nor be (or contain) the project folder.
 */
export function checkOutDir(outDir: string, sources: readonly string[], project: string): BuildError | null {
  const out = path.resolve(outDir);
  const clash = (what: string) =>
    buildError('output/unsafe-dir', { file: outDir }, `the output folder "${outDir}" ${what}; build-paper deletes files it did not produce there`);
  for (const dir of sources) {
    const p = path.resolve(dir);
    if (isInside(p, out) || isInside(out, p)) return clash(`overlaps ${dir}`);
  }
  if (isInside(out, path.resolve(project))) return clash('is or contains the project folder');
  return null;
}

export interface WriteOptions {
  /** Output paths the build did not produce this time but that stay as they are on disk. */
  readonly keep?: ReadonlySet<string>;
  /**
   * Every output path of the last build (a watch session): stale files are those of it no longer
   * wanted, so the output folder is not walked. Without it, anything unwanted on disk goes.
   */
  readonly previous?: ReadonlySet<string>;
  /** Write `files` and touch nothing else (a watch session's edit that adds and removes no page). */
  readonly only?: boolean;
}

export async function writeSite(outDir: string, files: readonly OutputFile[], onFile: (done: number) => void = () => undefined, options: WriteOptions = {}): Promise<WriteStats> {
  const root = path.resolve(outDir);
  await mkdir(root, { recursive: true });
  // Posix paths relative to the output folder; kept ones were checked when they were written.
  const wanted = new Set<string>(options.only ? [] : options.keep);
  for (const f of files) {
    const target = path.resolve(root, f.path);
    if (!isInside(root, target) || target === root) throw new Error(`internal: output path escapes the output folder: ${f.path}`);
    wanted.add(f.path);
  }
  let written = 0;
  let unchanged = 0;
  const changed: string[] = [];
  await mapLimit(files, FILE_CONCURRENCY, async (f) => {
    const target = path.resolve(root, f.path);
    onFile(written + unchanged + 1);
    if (await sameBytes(target, f)) {
      unchanged++;
      return;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    if (f.kind === 'copy') await copyFile(f.from, tmp);
    else await writeFile(tmp, f.content);
    await rename(tmp, target);
    written++;
    changed.push(f.path);
  });
  let removed = 0;
  if (options.only) return { written, unchanged, removed, changed: changed.sort() };
  const existing = options.previous ?? (await walk(root)).map((file) => path.relative(root, file).split(path.sep).join('/'));
  const emptied = new Set<string>();
  for (const rel of existing) {
    if (!wanted.has(rel)) {
      const file = path.join(root, rel);
      await unlink(file).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      removed++;
      changed.push(rel);
      emptied.add(path.dirname(file));
    }
  }
  if (!options.previous) await removeEmptyDirs(root, root);
  else for (const dir of emptied) await removeUpwards(dir, root);
  return { written, unchanged, removed, changed: changed.sort() };
}

async function sameBytes(target: string, f: OutputFile): Promise<boolean> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  if (f.kind === 'copy') {
    if (info.size !== f.size) return false;
    const [a, b] = await Promise.all([readFile(target), readFile(f.from)]);
    return a.equals(b);
  }
  const bytes = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content);
  if (info.size !== bytes.length) return false;
  return (await readFile(target)).equals(bytes);
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => path.join(e.parentPath, e.name)).sort();
}

async function removeEmptyDirs(dir: string, root: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!(await removeEmptyDirs(path.join(dir, e.name), root))) empty = false;
    } else {
      empty = false;
    }
  }
  if (empty && dir !== root) await rmdir(dir);
  return empty;
}

/** Removes `dir` and its parents below `root` while they are empty. */
async function removeUpwards(dir: string, root: string): Promise<void> {
  while (dir !== root && isInside(root, dir)) {
    const entries = await readdir(dir).catch(() => null);
    if (entries === null || entries.length > 0) return;
    await rmdir(dir);
    dir = path.dirname(dir);
  }
}
