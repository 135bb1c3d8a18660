// Sharded builds for archives beyond one machine: shards render disjoint sets of article pages,
// a final step renders the rest into the merged folder, and the result is byte for byte the
// single build. The CLI checks the --shard argument.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { main } from '../../src/cli.js';
import { article, DEFAULT_TEMPLATES, JPEG_1x1, listFiles, NOW, site, snapshot } from '../helpers/site.js';

function paper() {
  const files: Record<string, string | Buffer> = { 'content/media/harbour.jpg': JPEG_1x1 };
  for (let i = 0; i < 14; i++) {
    const section = ['news', 'sport', 'opinion'][i % 3]!;
    files[`content/${section}/s${i}.md`] = article(
      { title: `Story ${i}`, date: `2026-03-${String(1 + i).padStart(2, '0')}T10:00:00`, tags: [`Topic ${i % 4}`], ...(i === 3 ? { image: { src: '../media/harbour.jpg', alt: 'The harbour at dawn' } } : {}) },
      `The harbour story number ${i} tells of boats, nets and ${i % 2 ? 'storms' : 'markets'}.`,
    );
  }
  return site(files);
}

describe('sharded builds', () => {
  it('three shards merged and a final step equal one build, byte for byte', async () => {
    const s = paper();
    const run = (outDir: string, shard?: Parameters<typeof build>[0]['shard']) =>
      build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir, now: NOW, cacheDir: null, ...(shard ? { shard } : {}) });
    const single = await run(s.out);
    expect(single.ok).toBe(true);
    const whole = snapshot(s.out);

    const merged = path.join(mkdtempSync(path.join(tmpdir(), 'shards-')), 'dist');
    const byShard: string[][] = [];
    for (let i = 1; i <= 3; i++) {
      const out = path.join(mkdtempSync(path.join(tmpdir(), `shard-${i}-`)), 'dist');
      const r = await run(out, { index: i, count: 3 });
      expect(r.ok).toBe(true);
      byShard.push(listFiles(out));
      cpSync(out, merged, { recursive: true });
    }
    // Disjoint shards of article pages only, which together are every article page.
    const articlePages = Object.keys(whole).filter((p) => /^(news|sport|opinion)\/2026\/03\/s\d+\/index\.html$/.test(p)).sort();
    expect(articlePages).toHaveLength(14);
    expect(byShard.flat().sort()).toEqual(articlePages);
    expect(byShard.every((files) => files.length > 0 && files.length < 14)).toBe(true);

    const final = await run(merged, 'final');
    expect(final.ok).toBe(true);
    expect(final.rendered).toBe(single.rendered - 14);
    expect(snapshot(merged)).toEqual(whole);
  });

  it('the final step refuses to run without every shard, and leaves the folder as it was', async () => {
    const s = paper();
    const run = (shard: Parameters<typeof build>[0]['shard']) => build({ cwd: s.dir, contentDir: s.content, templatesDir: DEFAULT_TEMPLATES, outDir: s.out, now: NOW, cacheDir: null, shard });
    expect((await run({ index: 1, count: 2 })).ok).toBe(true);
    const before = snapshot(s.out);
    const final = await run('final');
    expect(final.ok).toBe(false);
    const missing = final.diagnostics.filter((d) => d.code === 'output/missing-shard');
    expect(missing.length).toBeGreaterThan(0);
    expect(missing[0]!.message).toMatch(/article page .*index\.html is not in the output folder/);
    expect(snapshot(s.out)).toEqual(before);
    // Shard 2 of 2 in the same folder completes it.
    expect((await run({ index: 2, count: 2 })).ok).toBe(true);
    expect((await run('final')).ok).toBe(true);
    expect(readdirSync(s.out)).toContain('pagefind');
  });

  it('the CLI takes --shard i/n or final and refuses anything else', async () => {
    const s = paper();
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    const cwd = process.cwd();
    try {
      process.chdir(s.dir);
      expect(await main(['node', 'build-paper', '--shard', '3/2', '--quiet', '--no-cache'])).toBe(2);
      expect(await main(['node', 'build-paper', '--shard', 'half', '--quiet', '--no-cache'])).toBe(2);
      expect(await main(['node', 'build-paper', '--shard', '1/1', '--quiet', '--no-cache'])).toBe(0);
      expect(await main(['node', 'build-paper', '--shard', 'final', '--quiet', '--no-cache'])).toBe(0);
    } finally {
      process.chdir(cwd);
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(/--shard must be i\/n/);
    expect(listFiles(s.out)).toContain('index.html');
  });
});
