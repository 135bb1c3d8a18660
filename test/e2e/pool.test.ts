// Parsing and rendering across worker threads give the same site, byte for byte, as one thread.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePaper } from '../../bench/paper.js';
// The compiled build (npm test compiles first): only it has a worker script to start.
const LIB = '../../lib/build.js';
const { build } = (await import(LIB)) as typeof import('../../src/build.js');
import { DEFAULT_TEMPLATES, NOW, snapshot } from '../helpers/site.js';

describe('parse and render worker pools', () => {
  it('builds a 300-article paper identically with 1 and 2 threads', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bp-pool-'));
    writePaper(path.join(dir, 'content'), 300);
    const run = async (threads: number) => {
      const out = path.join(dir, `dist-${threads}`);
      const r = await build({ cwd: dir, contentDir: path.join(dir, 'content'), templatesDir: DEFAULT_TEMPLATES, outDir: out, now: NOW, threads });
      expect(r.ok, JSON.stringify(r.diagnostics.slice(0, 3))).toBe(true);
      expect(r.parsed).toBe(300);
      return snapshot(out);
    };
    const one = await run(1);
    const two = await run(2);
    // Enough pages that rendering went to the workers too (the pool starts at 400 pages).
    expect(Object.keys(two).filter((p) => p.endsWith('.html')).length).toBeGreaterThan(400);
    expect(two).toEqual(one);
  }, 120_000);
});
