import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/model.js';
import { checkOutDir, openStaging, writeSite } from '../../src/write/index.js';
import { listFiles } from '../helpers/site.js';

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'build-paper-write-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const page = (p: string, content: string): OutputFile => ({ path: p, kind: 'page', content });
const OLD = new Date('2020-01-01T00:00:00Z');

describe('writeSite', () => {
  it('writes every file, creating folders', async () => {
    const out = path.join(tempDir(), 'dist');
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const stats = await writeSite(out, [page('index.html', '<p>Front</p>'), { path: 'assets/x.bin', kind: 'asset', content: bytes }]);
    expect(stats).toEqual({ written: 2, unchanged: 0, removed: 0, changed: ['assets/x.bin', 'index.html'] });
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('<p>Front</p>');
    expect(new Uint8Array(readFileSync(path.join(out, 'assets/x.bin')))).toEqual(bytes);
  });

  it('copies files of kind "copy"', async () => {
    const dir = tempDir();
    const from = path.join(dir, 'photo.jpg');
    writeFileSync(from, 'jpeg bytes');
    const out = path.join(dir, 'dist');
    await writeSite(out, [{ path: 'media/photo.jpg', kind: 'copy', from, size: 10 }]);
    expect(readFileSync(path.join(out, 'media/photo.jpg'), 'utf8')).toBe('jpeg bytes');
  });

  it('writes nothing the second time and keeps the mtimes', async () => {
    const out = path.join(tempDir(), 'dist');
    const files = [page('index.html', 'front'), page('news/a/index.html', 'story')];
    await writeSite(out, files);
    for (const rel of ['index.html', 'news/a/index.html']) utimesSync(path.join(out, rel), OLD, OLD);
    const stats = await writeSite(out, files);
    expect(stats).toEqual({ written: 0, unchanged: 2, removed: 0, changed: [] });
    for (const rel of ['index.html', 'news/a/index.html']) {
      expect(statSync(path.join(out, rel)).mtimeMs).toBe(OLD.getTime());
    }
  });

  it('rewrites only a file whose bytes changed', async () => {
    const out = path.join(tempDir(), 'dist');
    await writeSite(out, [page('index.html', 'front'), page('about.html', 'about')]);
    utimesSync(path.join(out, 'about.html'), OLD, OLD);
    utimesSync(path.join(out, 'index.html'), OLD, OLD);
    const stats = await writeSite(out, [page('index.html', 'front, updated'), page('about.html', 'about')]);
    expect(stats).toEqual({ written: 1, unchanged: 1, removed: 0, changed: ['index.html'] });
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('front, updated');
    expect(statSync(path.join(out, 'index.html')).mtimeMs).not.toBe(OLD.getTime());
    expect(statSync(path.join(out, 'about.html')).mtimeMs).toBe(OLD.getTime());
  });

  it('rewrites a file of the same size with different bytes', async () => {
    const out = path.join(tempDir(), 'dist');
    await writeSite(out, [page('a.txt', 'aaaa')]);
    expect((await writeSite(out, [page('a.txt', 'bbbb')])).written).toBe(1);
    expect(readFileSync(path.join(out, 'a.txt'), 'utf8')).toBe('bbbb');
  });

  it('removes stale files and the folders they leave empty', async () => {
    const out = path.join(tempDir(), 'dist');
    await writeSite(out, [page('index.html', 'front'), page('news/2026/03/gone/index.html', 'old story'), page('news/kept.html', 'x')]);
    writeFileSync(path.join(out, 'leftover.txt'), 'from an older build');
    const stats = await writeSite(out, [page('index.html', 'front'), page('news/kept.html', 'x')]);
    expect(stats).toEqual({ written: 0, unchanged: 2, removed: 2, changed: ['leftover.txt', 'news/2026/03/gone/index.html'] });
    expect(listFiles(out)).toEqual(['index.html', 'news/kept.html']);
    expect(existsSync(path.join(out, 'news/2026'))).toBe(false);
    expect(existsSync(path.join(out, 'news'))).toBe(true);
  });

  it('leaves no temporary files behind', async () => {
    const out = path.join(tempDir(), 'dist');
    await writeSite(out, [page('a/index.html', 'a'), page('b/index.html', 'b')]);
    expect(listFiles(out)).toEqual(['a/index.html', 'b/index.html']);
  });

  it.each(['../escape.html', 'news/../../escape.html', ''])('throws for the unsafe path %j', async (bad) => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    await expect(writeSite(out, [page(bad, 'x')])).rejects.toThrow(/escapes/);
    expect(existsSync(path.join(dir, 'escape.html'))).toBe(false);
  });
});

describe('checkOutDir', () => {
  const project = path.join(tmpdir(), 'paper-project');
  const content = path.join(project, 'content');
  const templates = path.join(project, 'templates');
  const check = (out: string) => checkOutDir(out, [content, templates], project);

  it('accepts dist/ inside the project', () => {
    expect(check(path.join(project, 'dist'))).toBeNull();
    expect(check(path.join(tmpdir(), 'elsewhere'))).toBeNull();
  });

  it.each([
    ['the content folder', content],
    ['a folder inside content', path.join(content, 'news')],
    ['the templates folder', templates],
    ['the project folder', project],
    ['a folder containing the project', path.dirname(project)],
  ])('refuses %s', (_what, out) => {
    const err = check(out);
    expect(err).not.toBeNull();
    expect(err).toMatchObject({ code: 'output/unsafe-dir', severity: 'error', file: out });
  });
});

describe('openStaging', () => {
  it('keeps staged files out of the output folder until commit, and leaves nothing behind', async () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    await writeSite(out, [page('index.html', 'old front'), page('old.html', 'gone soon')]);
    const staging = await openStaging(out);
    await staging.put(page('index.html', 'new front'));
    await staging.put(page('news/a/index.html', 'story'));
    // Until commit the reader sees the last build; the build itself reads its own new pages.
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('old front');
    expect(existsSync(path.join(out, 'news'))).toBe(false);
    expect(readFileSync(staging.where('news/a/index.html'), 'utf8')).toBe('story');
    expect(readFileSync(staging.where('old.html'), 'utf8')).toBe('gone soon');
    const stats = await staging.commit();
    await staging.discard();
    expect(stats).toEqual({ written: 2, unchanged: 0, removed: 1, changed: ['index.html', 'news/a/index.html', 'old.html'] });
    expect(listFiles(out)).toEqual(['index.html', 'news/a/index.html']);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('removes the staging folder a killed build left behind', async () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    await writeSite(out, [page('index.html', 'front')]);
    // No process has this pid (above the kernel's pid_max).
    mkdirSync(path.join(parent, '.dist.staging-99999999', 'news'), { recursive: true });
    writeFileSync(path.join(parent, '.dist.staging-99999999', 'news', 'half.html'), 'half');
    await writeSite(out, [page('index.html', 'front')]);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('stages nested pages flat, without folders, and commits them into a new output folder', async () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    const staging = await openStaging(out);
    await staging.put(page('news/2026/a/index.html', 'story a'));
    await staging.put(page('news/2026/b/index.html', 'story b'));
    await staging.put(page('news/2026/a/index.html', 'story a, again'));
    const [stage] = readdirSync(parent).filter((n) => n.startsWith('.dist.staging-'));
    const entries = readdirSync(path.join(parent, stage!), { withFileTypes: true });
    expect(entries.filter((e) => e.isDirectory())).toEqual([]);
    expect(entries).toHaveLength(2);
    expect(readFileSync(staging.where('news/2026/a/index.html'), 'utf8')).toBe('story a, again');
    const stats = await staging.commit();
    await staging.discard();
    expect(stats).toEqual({ written: 2, unchanged: 0, removed: 0, changed: ['news/2026/a/index.html', 'news/2026/b/index.html'] });
    expect(listFiles(out)).toEqual(['news/2026/a/index.html', 'news/2026/b/index.html']);
    expect(readFileSync(path.join(out, 'news/2026/a/index.html'), 'utf8')).toBe('story a, again');
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('discarded, changes nothing', async () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    await writeSite(out, [page('index.html', 'front')]);
    const staging = await openStaging(out);
    await staging.put(page('index.html', 'broken build'));
    await staging.discard();
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('front');
    expect(readdirSync(parent)).toEqual(['dist']);
  });
});
