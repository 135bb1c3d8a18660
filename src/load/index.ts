// Disk -> plain records. The only stage (with write/) that touches the file system.
// Listings are sorted so that nothing depends on directory order.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { imageSize } from 'image-size';
import { buildError, locate, type BuildError } from '../errors.js';
import type { AssetFile, SourceFile } from '../model.js';

export interface TextFile {
  readonly rel: string;
  readonly path: string;
  readonly text: string;
}

export interface LoadedContent {
  readonly config: TextFile | null;
  readonly sources: readonly SourceFile[];
  readonly assets: readonly AssetFile[];
  readonly errors: readonly BuildError[];
}

export interface LoadedTemplates {
  readonly dir: string;
  readonly templates: readonly TextFile[];
  readonly assets: readonly AssetFile[];
}

/** Reads content/: the config, every *.md article and every other file as an asset. */
export async function loadContent(contentDir: string, configName: string, cwd: string): Promise<LoadedContent> {
  const files = await listFiles(contentDir);
  const errors: BuildError[] = [];
  const sources: SourceFile[] = [];
  const assets: AssetFile[] = [];
  let config: TextFile | null = null;
  for (const rel of files) {
    const abs = path.join(contentDir, rel);
    const shown = displayPath(abs, cwd);
    if (rel === configName) {
      const bytes = await readFile(abs);
      const decoded = decodeUtf8(bytes);
      if (typeof decoded === 'string') config = { rel, path: shown, text: decoded };
      else errors.push(buildError('file/encoding', { file: shown, ...decoded }, 'the config is not valid UTF-8'));
    } else if (rel.toLowerCase().endsWith('.md')) {
      const bytes = await readFile(abs);
      const digest = createHash('sha256').update(bytes).digest('hex');
      const read = articleText(bytes, shown);
      if ('error' in read) errors.push(read.error);
      else sources.push({ rel, path: shown, text: read.text, digest });
    } else if (!isIgnored(rel)) {
      assets.push(await assetFile(rel, abs));
    }
  }
  return { config, sources, assets, errors };
}

/** Reads templates/: every *.liquid file as text, everything under assets/ as an asset. */
export async function loadTemplates(templatesDir: string, cwd: string): Promise<LoadedTemplates> {
  const files = await listFiles(templatesDir);
  const templates: TextFile[] = [];
  const assets: AssetFile[] = [];
  for (const rel of files) {
    const abs = path.join(templatesDir, rel);
    if (rel.endsWith('.liquid')) {
      templates.push({ rel, path: displayPath(abs, cwd), text: stripBom(await readFile(abs, 'utf8')) });
    } else if (rel.startsWith('assets/')) {
      assets.push(await assetFile(rel.slice('assets/'.length), abs));
    }
  }
  return { dir: templatesDir, templates, assets };
}

/** Every regular file below `dir`, as sorted posix relative paths; dot-files are skipped. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, abs).split(path.sep).join('/');
    if (rel.split('/').some((seg) => seg.startsWith('.') || seg === 'node_modules')) continue;
    out.push(rel);
  }
  return out.sort();
}

export async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join('/');
}

async function assetFile(rel: string, abs: string): Promise<AssetFile> {
  const bytes = await readFile(abs);
  const dims = IMAGE.test(rel) ? dimensions(bytes) : null;
  return {
    rel,
    abs,
    size: bytes.length,
    digest: createHash('sha256').update(bytes).digest('hex'),
    width: dims?.width ?? null,
    height: dims?.height ?? null,
  };
}

const IMAGE = /\.(jpe?g|png|gif|webp|avif|svg)$/i;

function dimensions(bytes: Buffer): { width: number; height: number } | null {
  try {
    const d = imageSize(bytes);
    if (!d.width || !d.height) return null;
    // EXIF orientations 5-8 turn the picture a quarter: it is shown (and encoded) the other way round.
    return (d.orientation ?? 1) >= 5 ? { width: d.height, height: d.width } : { width: d.width, height: d.height };
  } catch {
    return null;
  }
}

function isIgnored(rel: string): boolean {
  const base = rel.split('/').pop() ?? rel;
  return base === 'Thumbs.db' || base.endsWith('~') || base.endsWith('.swp') || base.endsWith('.tmp');
}

/** An article's text, decoded once, or why it is not markdown text. */
function articleText(bytes: Buffer, file: string): { text: string } | { error: BuildError } {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { error: buildError('file/binary', { file, ...lineOfByte(bytes, nul) }, 'the file contains binary data (a NUL byte), not markdown text') };
  }
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== 'string') {
    return { error: buildError('file/encoding', { file, ...decoded }, 'the file is not valid UTF-8 (is it saved as Latin-1 or UTF-16?)') };
  }
  if (decoded.trim() === '') return { error: buildError('file/empty', { file }, 'the file is empty') };
  return { text: stripBom(decoded) };
}

/** The text, or the position of the first byte that is not UTF-8. */
function decodeUtf8(bytes: Buffer): string | { line: number; column: number } {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = bytes.toString('utf8');
    const bad = lossy.indexOf('\uFFFD');
    const { line, column } = locate(lossy, Math.max(0, bad));
    return { line, column };
  }
}

function lineOfByte(bytes: Buffer, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: index - start + 1 };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
