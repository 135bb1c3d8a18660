// The CLI as a user runs it: `node bin/build-paper.js` (what `npx build-paper` runs).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, REPO, site } from '../helpers/site.js';

const BIN = path.join(REPO, 'bin/build-paper.js');
const run = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1795000000' } });

describe('build-paper CLI', () => {
  it('prints its version and help, exit 0', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version'], REPO).stdout.trim()).toBe(pkg.version);
    const help = run(['build', '--help'], REPO);
    expect(help.status).toBe(0);
    for (const flag of ['--content', '--templates', '--out', '--base-url', '--drafts', '--quiet', '--verbose']) expect(help.stdout).toContain(flag);
  });

  it('exits 2 on a usage error', () => {
    const r = run(['--no-such-flag'], REPO);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option');
  });

  it('builds with the defaults and ends with a one-line summary, exit 0', () => {
    const s = site({ 'content/news/a.md': article(), 'content/news/b.md': article({ title: 'B', date: '2026-03-21' }) });
    const r = run([], s.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^Built 2 articles, \d+ pages in \d+\.\d s -> dist\/$/);
    expect(s.exists('news/2026/03/a/index.html')).toBe(true);
  });

  it('prints file:line:col, code, message and hint for content errors, exit 1', () => {
    const s = site({ 'content/news/a.md': article({ date: '2026-02-30' }) });
    const r = run(['--out', 'public'], s.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('content/news/a.md:3:7  error  front-matter/invalid-date  "date" is not a real ISO 8601 date: "2026-02-30"');
    expect(r.stderr).toContain('hint: Write an ISO 8601 date');
    expect(r.stderr).toContain('Build failed: 1 error.');
    expect(r.stdout).toBe('');
  });

  it('honours --content, --templates, --out, --base-url, --quiet and --verbose', () => {
    const s = site({ 'content/news/a.md': article() });
    const quiet = run(['build', '--content', 'content', '--templates', path.join(REPO, 'templates'), '--out', 'site', '--base-url', 'https://example.org/p/', '--quiet'], s.dir);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe('');
    const html = readFileSync(path.join(s.dir, 'site/index.html'), 'utf8');
    expect(html).toContain('href="/p/news/2026/03/a/"');
    // Without --base-url the pages change: every stage runs and is timed.
    const full = run(['--verbose', '--out', 'site'], s.dir);
    expect(full.stdout).toMatch(/parse\s+[\d.]+ ms/);
    expect(full.stdout).toMatch(/render\s+[\d.]+ ms/);
    // Each stage line also gives the peak RSS so far and the heap in use; the peak never falls.
    const stages = [...full.stdout.matchAll(/^\s+(\w+)\s+[\d.]+ ms\s+\d+%\s+peak\s+(\d+) MiB, heap\s+(\d+) MiB/gm)].map((m) => ({ stage: m[1]!, peak: Number(m[2]), heap: Number(m[3]) }));
    expect(stages.map((x) => x.stage)).toEqual(expect.arrayContaining(['load', 'parse', 'related', 'render', 'write']));
    for (const [i, x] of stages.entries()) {
      expect(x.heap).toBeGreaterThan(0);
      expect(x.peak).toBeGreaterThan(x.heap);
      if (i > 0) expect(x.peak).toBeGreaterThanOrEqual(stages[i - 1]!.peak);
    }
    // Nothing changed since: the build stops after reading the content folder.
    const verbose = run(['--verbose', '--out', 'site'], s.dir);
    expect(verbose.stdout).toMatch(/load\s+[\d.]+ ms/);
    expect(verbose.stdout).not.toMatch(/render\s+[\d.]+ ms/);
    expect(verbose.stdout).toMatch(/\(0 parsed, 0 written, \d+ unchanged, 0 removed; images: 0 encoded, 0 from cache\)/);
  });

  it('related: prints the block the site shows, never an embargoed or expired article', () => {
    // The build clock is SOURCE_DATE_EPOCH (2026-11-18). Three flood stories with the same words:
    // one published, one embargoed until 2027 and one that expired in June. Without the build's
    // clock the other two would be the subject's best matches.
    const flood = 'Flood waters rose along the Mekong river as dikes failed and villages were evacuated. Rescue boats reached flooded villages and the dikes were repaired with sandbags.';
    const s = site({
      'content/news/flood-now.md': article({ title: 'Flood waters rise along the Mekong', date: '2026-10-01T08:00:00' }, flood),
      'content/news/flood-later.md': article({ title: 'Flood waters rise again along the Mekong', date: '2027-01-05T08:00:00' }, flood),
      'content/news/flood-gone.md': article({ title: 'Flood notice for Mekong villages', date: '2026-05-01T08:00:00', expires: '2026-06-01T00:00:00' }, flood),
      'content/news/rain.md': article({ title: 'Rain returns to the delta', date: '2026-09-01T08:00:00' }, 'Heavy rain returned to the delta and the river rose near the villages.'),
      'content/news/dikes.md': article({ title: 'Dikes to be raised', date: '2026-08-01T08:00:00' }, 'The ministry will raise dikes along the river before the next flood season.'),
      'content/sport/match.md': article({ title: 'Cup final goes to penalties', date: '2026-07-01T08:00:00', section: 'sport' }, 'The cup final went to penalties after a goalless draw.'),
      'content/sport/coach.md': article({ title: 'Coach signs new contract', date: '2026-06-15T08:00:00', section: 'sport' }, 'The national coach signed a contract until the next cup.'),
    });
    expect(run(['--quiet'], s.dir).status).toBe(0);
    const r = run(['related', 'flood-now', '--json'], s.dir);
    expect(r.status, r.stderr).toBe(0);
    const printed = (JSON.parse(r.stdout) as { related: { slug: string }[] }).related.map((x) => x.slug);
    expect(printed).not.toContain('flood-later');
    expect(printed).not.toContain('flood-gone');
    // The article page's block, read from the built HTML: the same stories in the same order.
    const $ = s.html('news/2026/10/flood-now/index.html');
    const shown = $('.related-stories a[href]').map((_, a) => $(a).attr('href')!.split('/').filter(Boolean).at(-1)).get();
    expect(shown).toEqual(printed);
    expect(printed).toHaveLength(4);
    const gone = run(['related', 'flood-later'], s.dir);
    expect(gone.status).not.toBe(0);
    expect(gone.stderr).toContain('No published article has the slug "flood-later"');
  });

  it('serve: listens on loopback, serves the site, and shuts down cleanly on Ctrl-C', async () => {
    const s = site({ 'content/news/a.md': article() });
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: s.dir, env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    for (let i = 0; i < 200 && !/Serving (http:\/\/127\.0\.0\.1:\d+\/)/.test(err); i++) await new Promise((r) => setTimeout(r, 50));
    const url = /Serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err)?.[1];
    expect(url, err).toBeDefined();
    const page = await fetch(`${url}news/2026/03/a/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const missing = await fetch(`${url}no/such/page/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });
});
