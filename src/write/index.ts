// OutputFile[] -> the output folder. Only files whose bytes changed are written (each through a
// temporary file and a rename, so a reader never sees half a file); files the build no longer
// produces are removed. Unchanged files keep their mtime, so uploads send only what changed.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
  const staging = await openStaging(outDir);
  try {
    await staging.putAll(files, onFile);
    return await staging.commit(options);
  } finally {
    await staging.discard();
  }
}

/**
 * Files on their way into the output folder. `put` compares a file with the one on disk and
 * writes it to a staging folder beside the output folder only when its bytes differ, so a build
 * can hand over pages as it renders them and hold none; `commit` moves the staged files into
 * place (a rename each: a reader never sees half a file) and removes what is no longer wanted.
 * Until then the output folder is untouched, and `discard` forgets the lot (a failed build).
 */
export interface Staging {
  put(file: OutputFile): Promise<void>;
  /** `put` for many files, a bounded number at a time; `onFile` counts them. */
  putAll(files: readonly OutputFile[], onFile?: (done: number) => void): Promise<void>;
  /** Where a file of this build is now (absolute): staged, or (unchanged) in the output folder. */
  where(rel: string): string;
  /** A new folder's path (absolute, not made yet) in the staging folder, for files on their way to `put`; gone with the staging folder. */
  scratch(): string;
  commit(options?: WriteOptions): Promise<WriteStats>;
  discard(): Promise<void>;
}

export async function openStaging(outDir: string): Promise<Staging> {
  const root = path.resolve(outDir);
  // Beside the output folder, so that moving a file in is a rename; in the system's temporary
  // folder when the output folder's parent is not writable (moves are then copies).
  const prefix = `.${path.basename(root)}.staging-`;
  let stage = path.join(path.dirname(root), `${prefix}${process.pid}`);
  await rm(stage, { recursive: true, force: true });
  await removeAbandoned(path.dirname(root), prefix);
  try {
    await mkdir(stage, { recursive: true });
  } catch {
    stage = await mkdtemp(path.join(tmpdir(), 'build-paper-staging-'));
  }
  // An output folder that did not exist holds no stale files: commit need not look for them.
  const existed = await stat(root).then(
    () => true,
    () => false,
  );
  const wanted = new Set<string>();
  // Staged files lie flat in the staging folder, numbered: a cold 10k build otherwise made
  // ~14,000 folders there (one per article), then spent a second removing them, empty, at the end.
  const staged = new Map<string, string>();
  let unchanged = 0;
  let scratches = 0;
  const madeDirs = new Map<string, Promise<unknown>>();
  const mkdirOnce = (dir: string) => {
    let made = madeDirs.get(dir);
    if (!made) madeDirs.set(dir, (made = mkdir(dir, { recursive: true })));
    return made;
  };
  const staging: Staging = {
    async put(f) {
      const target = path.resolve(root, f.path);
      if (!isInside(root, target) || target === root) throw new Error(`internal: output path escapes the output folder: ${f.path}`);
      wanted.add(f.path);
      if (await sameBytes(target, f)) {
        unchanged++;
        return;
      }
      let tmp = staged.get(f.path);
      if (tmp === undefined) staged.set(f.path, (tmp = path.join(stage, String(staged.size))));
      if (f.kind === 'copy') await copyFile(f.from, tmp);
      else await writeFile(tmp, f.content);
    },
    async putAll(files, onFile = () => undefined) {
      let done = 0;
      await mapLimit(files, FILE_CONCURRENCY, async (f) => {
        await staging.put(f);
        onFile(++done);
      });
    },
    where(rel) {
      return staged.get(rel) ?? path.join(root, rel);
    },
    scratch() {
      // Named apart from the staged files, which are numbers.
      return path.join(stage, `scratch-${++scratches}`);
    },
    async commit(options = {}) {
      await mkdir(root, { recursive: true });
      const changed = [...staged.keys()].sort();
      await mapLimit(changed, FILE_CONCURRENCY, async (rel) => {
        const target = path.join(root, rel);
        await mkdirOnce(path.dirname(target));
        await moveFile(staged.get(rel)!, target);
      });
      let removed = 0;
      if (!options.only && (existed || options.previous)) {
        const keep = new Set([...wanted, ...(options.keep ?? [])]);
        const existing = options.previous ?? (await walk(root)).map((file) => path.relative(root, file).split(path.sep).join('/'));
        const emptied = new Set<string>();
        for (const rel of existing) {
          if (keep.has(rel)) continue;
          const file = path.join(root, rel);
          await unlink(file).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'ENOENT') throw e;
          });
          removed++;
          changed.push(rel);
          emptied.add(path.dirname(file));
        }
        if (!options.previous) await removeEmptyDirs(root, root);
        else for (const dir of emptied) await removeUpwards(dir, root);
      }
      return { written: staged.size, unchanged, removed, changed: changed.sort() };
    },
    async discard() {
      await rm(stage, { recursive: true, force: true });
    },
  };
  return staging;
}

/** Staging folders of builds that were killed (their process is gone) go. */
async function removeAbandoned(parent: string, prefix: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A rename, or a copy when the staging folder is on another file system. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    const tmp = `${to}.${process.pid}.tmp`;
    await copyFile(from, tmp);
    await rename(tmp, to);
  }
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
